'use client';

import type { SessionOffer } from '@ticketing/trpc/public/catalog';
import { useId, useState } from 'react';

import { formatPrice } from '../../app/format';
import { classNames } from '../ui/class-names';
import { QuantityStepper } from '../ui/quantity-stepper';
import { availabilityStatus, CHECKING_SEATS, MAX_PER_ORDER } from './availability';
import { ReserveDialog, type ReserveTarget } from './reserve-dialog';

type TicketTypeOffer = SessionOffer['ticket_types'][number];

const availabilityTone = {
  on_sale: 'text-emerald-700',
  few_left: 'text-amber-800',
  sold_out: 'text-slate-600',
};

/**
 * One ticket type of a session: price, live seats left, how many to take (1 … the lesser of the
 * seats left and the per-order maximum) and "Reserve". A `group` named by the ticket type, so each
 * "Quantity" and "Reserve" on the page says which tickets it is about. Until the seats have been
 * read live (`live`), it says "Checking seats…" and offers nothing to reserve.
 */
export function TicketTypeOffer({
  offer,
  live,
  target,
  holdMinutes,
  onInventoryChanged,
}: {
  offer: TicketTypeOffer;
  live: boolean;
  target: Omit<ReserveTarget, 'ticketTypeId' | 'ticketTypeName' | 'price'>;
  holdMinutes: number;
  onInventoryChanged: () => void;
}) {
  const nameId = useId();
  const [wanted, setWanted] = useState(1);
  const max = Math.min(offer.available, MAX_PER_ORDER);
  const soldOut = max < 1;
  const unavailable = !live || soldOut;
  // Seats may drop under what was chosen while the buyer looks: the choice follows them down.
  const quantity = unavailable ? 1 : Math.min(wanted, max);
  const status = availabilityStatus(offer.available, offer.quantity);

  return (
    <div
      role="group"
      aria-labelledby={nameId}
      className="flex flex-col gap-4 py-5 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0">
        <h3 id={nameId} className="font-semibold text-slate-900">
          {offer.name}
        </h3>
        <p className="mt-0.5 flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <span className="text-lg font-semibold text-slate-900 tabular-nums">
            {formatPrice(offer.price)}
          </span>
          {live ? (
            <span className={classNames('text-sm font-medium', availabilityTone[status])}>
              {soldOut ? 'Sold out' : `${offer.available} left`}
            </span>
          ) : (
            <span className="text-sm font-medium text-slate-600">{CHECKING_SEATS}</span>
          )}
        </p>
      </div>
      <div className="flex items-center gap-3">
        <QuantityStepper
          value={quantity}
          min={1}
          max={Math.max(1, max)}
          onChange={setWanted}
          disabled={unavailable}
        />
        <ReserveDialog
          target={{
            ...target,
            ticketTypeId: offer.id,
            ticketTypeName: offer.name,
            price: offer.price,
          }}
          quantity={quantity}
          disabled={unavailable}
          holdMinutes={holdMinutes}
          onQuantityChange={setWanted}
          onInventoryChanged={onInventoryChanged}
        />
      </div>
    </div>
  );
}
