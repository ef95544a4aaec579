/**
 * The hospital server's LAN protocol, shared by the server (lan-server.ts) and the terminal
 * (terminal-link.ts, terminal-pairing.ts): HTTPS with the server's own self-signed certificate, which the
 * terminal pins by its SHA-256 fingerprint.
 *
 *   POST /lan/pair          { code }          → PairingGrant (no credential yet; the code is the secret)
 *   POST /lan/api/<method>  <input as JSON>   → the contract's Envelope, with the headers
 *        x-terminal-credential: the terminal's credential   x-counter-session: the operator's session
 *        or, from the terminal's own background service (its print worker), no session and
 *        x-terminal-service: 1   (only methods the contract marks `terminalService`)
 */
export const LAN_PAIR_PATH = '/lan/pair';
export const LAN_API_PREFIX = '/lan/api/';
export const CREDENTIAL_HEADER = 'x-terminal-credential';
export const SERVICE_HEADER = 'x-terminal-service';
