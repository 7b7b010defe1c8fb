import type { HandoffStore, HistoryEntry } from '../types.js';
import { HISTORY_KEPT } from './limits.js';

type CustomerRecords = Pick<HandoffStore, 'linkCustomers' | 'unlinkCustomer' | 'identities' | 'addHistory' | 'history'>;

/** Who is the same person (linked identities) and their closed chats, for the memory handoff store. */
export function createMemoryCustomerRecords(): CustomerRecords {
  const links = new Map<string, Set<string>>();
  const histories = new Map<string, HistoryEntry[]>();
  const identities = (customerKey: string) => [...new Set([customerKey, ...(links.get(customerKey) ?? [])])].sort();

  return {
    async linkCustomers(a, b) {
      const group = [...new Set([...identities(a), ...identities(b)])].sort();
      for (const member of group) links.set(member, new Set(group));
      return group;
    },

    async unlinkCustomer(customerKey) {
      const rest = identities(customerKey).filter((k) => k !== customerKey);
      links.delete(customerKey);
      for (const member of rest) {
        if (rest.length > 1) links.set(member, new Set(rest));
        else links.delete(member);
      }
      return rest.length > 1 ? rest : [];
    },

    async identities(customerKey) {
      return identities(customerKey);
    },

    async addHistory(customerKey, entry) {
      const list = histories.get(customerKey) ?? [];
      list.unshift({ ...entry });
      histories.set(customerKey, list.slice(0, HISTORY_KEPT));
    },

    async history(customerKeys, limit) {
      return customerKeys
        .flatMap((k) => histories.get(k) ?? [])
        .map((e) => ({ ...e }))
        .sort((x, y) => y.closedAt - x.closedAt)
        .slice(0, Math.max(0, limit));
    },
  };
}
