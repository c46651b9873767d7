const dateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** Prices are decimal strings; shown as they are, never through a float. */
export const formatPrice = (price: string) => `€${price}`;
