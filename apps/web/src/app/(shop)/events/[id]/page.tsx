import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { serverCaller } from '../../../../server/caller';
import { formatDateTime, formatPrice } from '../../../format';

export const dynamic = 'force-dynamic';

async function loadEvent(id: string) {
  const caller = serverCaller();
  try {
    const [event, sessions] = await Promise.all([
      caller.events.byId({ id }),
      caller.sessions.listByEvent({ id }),
    ]);
    return { event, sessions: sessions.results };
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const loaded = await loadEvent(id);
  if (!loaded) notFound();
  const { event, sessions } = loaded;

  return (
    <article>
      <p>
        <Link href="/">← All events</Link>
      </p>
      {event.image_url && <img className="hero" src={event.image_url} alt="" />}
      <h1>{event.name}</h1>
      <p className="muted">{event.location}</p>
      <p>{event.description}</p>

      <h2>Sessions</h2>
      {sessions.length === 0 && <p className="muted">No sessions scheduled yet.</p>}
      {sessions.map((session) => (
        <section key={session.id} className="session">
          <h3>
            {formatDateTime(session.starts_at)} – {formatDateTime(session.ends_at)}
          </h3>
          <table>
            <thead>
              <tr>
                <th>Ticket</th>
                <th className="num">Price</th>
                <th className="num">Available</th>
              </tr>
            </thead>
            <tbody>
              {session.ticket_types.map((type) => (
                <tr key={type.id}>
                  <td>{type.name}</td>
                  <td className="num">{formatPrice(type.price)}</td>
                  <td className="num">{type.available > 0 ? type.available : 'Sold out'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
