import { describe, expect, it } from 'vitest';
import { signatureFor, verifySignature, verifyToken } from '../../../src/adapters/whatsapp-cloud/verify.js';

const secret = 'test-app-secret-0123456789abcdef';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('X-Hub-Signature-256', () => {
  it('accepts the HMAC of the exact bytes, in either hex case', () => {
    expect(verifySignature(body, signatureFor(body, secret), secret).ok).toBe(true);
    expect(verifySignature(body, signatureFor(body, secret).toUpperCase().replace('SHA256=', 'sha256='), secret).ok).toBe(true);
  });

  it('refuses another secret, another body, a truncated or missing signature', () => {
    expect(verifySignature(body, signatureFor(body, 'another-secret'), secret).ok).toBe(false);
    expect(verifySignature(Buffer.from(`${body} `), signatureFor(body, secret), secret).ok).toBe(false);
    expect(verifySignature(body, signatureFor(body, secret).slice(0, -2), secret).ok).toBe(false);
    expect(verifySignature(body, undefined, secret).ok).toBe(false);
    expect(verifySignature(undefined, signatureFor(body, secret), secret).ok).toBe(false);
  });
});

describe('hub.verify_token', () => {
  it('matches only the same string', () => {
    expect(verifyToken('verify-me-please', 'verify-me-please').ok).toBe(true);
    expect(verifyToken('verify-me-pleasE', 'verify-me-please').ok).toBe(false);
    expect(verifyToken('verify', 'verify-me-please').ok).toBe(false);
    expect(verifyToken(undefined, 'verify-me-please').ok).toBe(false);
  });
});
