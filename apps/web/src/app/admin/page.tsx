import { getServerSession } from 'next-auth';
import Link from 'next/link';
import { authOptions } from '../../server/auth/next-auth-options';
import { serverCaller } from '../../server/caller';
import { SignInForm, SignOutButton } from './auth-controls';

export const dynamic = 'force-dynamic';

export default async function AdminPage() {
  const session = await getServerSession(authOptions());
  const email = session?.user?.email;
  if (!email) {
    return (
      <>
        <h1>Admin sign-in</h1>
        <SignInForm />
      </>
    );
  }

  const events = await serverCaller({ kind: 'session', email }).events.list({ limit: 100 });
  return (
    <>
      <h1>Admin</h1>
      <p>
        Signed in as <strong>{email}</strong> <SignOutButton />
      </p>
      <h2>Events</h2>
      {events.results.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Location</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {events.results.map((event) => (
              <tr key={event.id}>
                <td>
                  <Link href={`/events/${event.id}`}>{event.name}</Link>
                </td>
                <td>{event.location}</td>
                <td>{event.created_at.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
