// The UI's storefront components still import the catalog's types from here; they live in
// @ticketing/trpc/public/catalog now (remove this file once those imports point there).
export type { EventDto, SessionOffer } from '@ticketing/trpc/public/catalog';
