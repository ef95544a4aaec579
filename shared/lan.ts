/** The hospital network (electron/lan): what the administrator sees of the server and its paired terminals. */

/** A one-time pairing code for one window, shown once: only its hash is kept. */
export interface PairingCode {
  /** XXXX-XXXX, from an alphabet without look-alikes (no 0/O, 1/I/L). */
  code: string;
  name: string;
  counterId: string;
  /** ISO time; the code is refused after it (10 minutes). */
  expiresAt: string;
  /** SHA-256 of the server's certificate, AA:BB:…, which the terminal checks before sending the code. */
  fingerprint: string;
  /** The address terminals reach the server at (https://addr:port), once `counter serve --lan` has run. */
  address: string | null;
}

/** A paired window. `revokedAt` set: its calls are refused, and its counter number is free again. */
export interface TerminalSummary {
  id: number;
  name: string;
  counterId: string;
  pairedAt: string;
  /** The operator who made the code, by name. */
  pairedBy: string;
  lastContactAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** The server's identity as terminals pin it. */
export interface LanServerInfo {
  installationId: string;
  fingerprint: string;
  address: string | null;
  /** The server PC's own counter number, which no terminal may take. */
  counterId: string;
}

/** What a terminal receives once, when its pairing code is accepted. */
export interface PairingGrant {
  terminalId: number;
  /** 32 random bytes, base64url; the server keeps only its hash. */
  credential: string;
  counterId: string;
  name: string;
  hospitalName: string;
  installationId: string;
}

/**
 * How this PC is installed, for the title bar (`lan.link`): 单机, the hospital server (its LAN address), or a
 * paired window whose link to the server is up or down. `since`: when `reachable` last changed (ISO);
 * `lastError`: the last failure talking to the server, null while it answers.
 */
export type LanLink =
  | { mode: 'standalone' }
  | { mode: 'server'; address: string }
  | {
      mode: 'terminal';
      reachable: boolean;
      since: string;
      lastError: string | null;
      serverUrl: string;
      counterId: string;
      name: string;
    };
