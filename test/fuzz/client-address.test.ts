import fc from 'fast-check';
import type { Request } from 'restify';
import { describe, expect, it } from 'vitest';
import { clientAddress, isPrivateAddress } from '../../src/core/http-limits.js';

/*
 * Whatever a client writes in X-Forwarded-For: the address balie counts is an IP address, a
 * header can never make it the connection's own (local, unlimited) one, and a client that connects
 * directly cannot name any other address.
 */

const request = (socket: string, forwarded: string): Request => ({ socket: { remoteAddress: socket }, headers: { 'x-forwarded-for': forwarded } }) as unknown as Request;

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const entry = fc.oneof(ipv4, fc.constant('127.0.0.1'), fc.constant('::1'), fc.constant('unknown'), fc.string({ maxLength: 20 }), fc.ipV6());
const header = fc.array(entry, { maxLength: 6 }).map((e) => e.join(', '));
const publicSocket = ipv4.filter((ip) => !isPrivateAddress(ip));

describe('client addresses from X-Forwarded-For', () => {
  it("never takes a directly connecting client's word for its address", () => {
    fc.assert(
      fc.property(publicSocket, header, fc.integer({ min: 0, max: 4 }), (socket, forwarded, trustedProxies) => {
        expect(clientAddress(request(socket, forwarded), { trustedProxies })).toEqual({ ip: socket, forwarded: false });
      }),
      { numRuns: 2000 },
    );
  });

  it('from a proxy, names an IP address, and a forwarded one is never treated as the connection itself', () => {
    fc.assert(
      fc.property(fc.constantFrom('10.0.0.5', '192.168.1.2', '127.0.0.1', '::1', '172.20.0.9'), header, fc.integer({ min: 1, max: 4 }), (socket, forwarded, trustedProxies) => {
        const { ip, forwarded: fromHeader } = clientAddress(request(socket, forwarded), { trustedProxies });
        expect(/^[0-9a-f:.]+$/i.test(ip)).toBe(true);
        if (!fromHeader) expect(ip).toBe(socket);
      }),
      { numRuns: 2000 },
    );
  });
});
