/**
 * The renderer's kit: every screen builds its fields, forms, tables, dialogs, keys, calls and figures from
 * these pieces, so they look and behave alike (Enter goes on, Esc clears or cancels, errors sit under their
 * fields, money is yuan from fen, time is local).
 */
export { Check, Field, FormError, Labeled, Select, focusNext, type FieldProps } from './Field';
export { useForm, type FormState } from './useForm';
export { DataTable, type Column } from './DataTable';
export { FactTable, Facts, type Fact } from './FactTable';
export { Dialog } from './Dialog';
export { keyName, mapHandler, useAltKeys, useShortcuts, type KeyHandler, type KeyMap } from './shortcuts';
export { queryClient, useApi, useApiCall, type CallState } from './query';
export { focusPath, issuesByPath, messageOf } from './errors';
export * from './format';
