import type { z } from 'zod';
import type { MethodSpec } from './define';
import { authMethods } from './methods/auth';
import { catalogueMethods } from './methods/catalogue';
import { devicesMethods } from './methods/devices';
import { districtMethods } from './methods/district';
import { inpatientMethods } from './methods/inpatient';
import { lanMethods } from './methods/lan';
import { peopleMethods } from './methods/people';
import { pharmacyMethods } from './methods/pharmacy';
import { policyMethods } from './methods/policy';
import { printMethods } from './methods/print';
import { reportsMethods } from './methods/reports';
import { settlementMethods } from './methods/settlement';
import { shiftMethods } from './methods/shift';
import { systemMethods } from './methods/system';

/**
 * Every call the renderer can make, one module per domain (`./methods/*`) over the shared field schemas
 * (`./schemas.ts`). The main process registers all of them through one generic path
 * (`electron/api/dispatcher.ts`); the preload and the HTTP host carry them unchanged.
 */
export const api = {
  ...systemMethods,
  ...authMethods,
  ...shiftMethods,
  ...catalogueMethods,
  ...peopleMethods,
  ...policyMethods,
  ...settlementMethods,
  ...inpatientMethods,
  ...devicesMethods,
  ...printMethods,
  ...pharmacyMethods,
  ...reportsMethods,
  ...districtMethods,
  ...lanMethods,
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives after validation. */
export type ParsedInputOf<M extends MethodName> = z.output<Api[M]['input']>;
export type OutputOf<M extends MethodName> = Api[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}
