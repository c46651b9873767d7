// The UI's storefront components still import these from here; they live in
// @ticketing/trpc/public/storefront now (remove this file once those imports point there).
export {
  STOREFRONT_PAGE_SIZE,
  type UpcomingEvent,
  type UpcomingPage,
} from '@ticketing/trpc/public/storefront';
