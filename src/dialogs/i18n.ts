// The bot's texts and trigger phrases live in core (the handoff speaks to customers too); dialogs
// keep importing them from here.
export * from '../core/i18n.js';
