import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { CatalogueService } from './catalogue-service';

export function catalogueHandlers(catalogue: CatalogueService): HandlerSlice<MethodsOf<'catalogue'>> {
  return {
    'catalogue.search': ({ query, limit }) => catalogue.search(query, limit),
    'catalogue.unmapped': () => catalogue.unmapped(),
    'catalogue.setMapping': (input, context) => catalogue.setMapping(input, context),
    'catalogue.import': (input, context) => catalogue.import(input, context),
  };
}
