/** Every demo operator's password; shown on the sign-in screen of a demo database, never elsewhere. */
export const DEMO_PASSWORD = '123456';
