/**
 * Demo catalog loaded by `npm run db:seed`. Ids are fixed so the seed recognises what it already
 * loaded; dates are relative to the day of the first seeding, so the sessions lie in the future.
 */
export interface DemoTicketType {
  id: string;
  name: string;
  price: string;
  quantity: number;
}

export interface DemoSession {
  id: string;
  /** Days after the seeding day, and local start hour (UTC) and length in hours. */
  inDays: number;
  startHour: number;
  hours: number;
  totalCapacity: number;
  ticketTypes: DemoTicketType[];
}

export interface DemoEvent {
  id: string;
  name: string;
  description: string;
  location: string;
  imageUrl: string;
  sessions: DemoSession[];
}

const concertTickets = (session: number): DemoTicketType[] => [
  {
    id: `5e55c0de-0001-4000-8000-00000000010${session}`,
    name: 'Standing',
    price: '45.00',
    quantity: 600,
  },
  {
    id: `5e55c0de-0001-4000-8000-00000000020${session}`,
    name: 'Seated',
    price: '65.00',
    quantity: 300,
  },
  {
    id: `5e55c0de-0001-4000-8000-00000000030${session}`,
    name: 'VIP',
    price: '120.00',
    quantity: 50,
  },
];

const theatreTickets = (session: number): DemoTicketType[] => [
  {
    id: `5e55c0de-0002-4000-8000-00000000010${session}`,
    name: 'Stalls',
    price: '55.00',
    quantity: 220,
  },
  {
    id: `5e55c0de-0002-4000-8000-00000000020${session}`,
    name: 'Circle',
    price: '38.50',
    quantity: 140,
  },
  {
    id: `5e55c0de-0002-4000-8000-00000000030${session}`,
    name: 'Balcony',
    price: '22.00',
    quantity: 90,
  },
];

const conferenceTickets = (session: number): DemoTicketType[] => [
  {
    id: `5e55c0de-0003-4000-8000-00000000010${session}`,
    name: 'Standard',
    price: '349.00',
    quantity: 700,
  },
  {
    id: `5e55c0de-0003-4000-8000-00000000020${session}`,
    name: 'Student',
    price: '99.00',
    quantity: 150,
  },
];

const festivalTickets = (session: number): DemoTicketType[] => [
  {
    id: `5e55c0de-0004-4000-8000-00000000010${session}`,
    name: 'General admission',
    price: '30.00',
    quantity: 1500,
  },
  {
    id: `5e55c0de-0004-4000-8000-00000000020${session}`,
    name: 'Front row',
    price: '55.00',
    quantity: 200,
  },
];

export const demoEvents: DemoEvent[] = [
  {
    id: '5e55c0de-0001-4000-8000-000000000001',
    name: 'Midnight Echoes — Live Tour',
    description:
      'The synth-pop trio brings its new album to the stage: two hours of lights, lasers and the ' +
      'songs you know, with support from Paper Lanterns. Doors open one hour before the show.',
    location: 'Riverside Arena, Manchester',
    imageUrl: '/images/concert.svg',
    sessions: [1, 2, 3].map((n) => ({
      id: `5e55c0de-0001-4000-8000-00000000000${n + 1}`,
      inDays: 21 + n * 7,
      startHour: 19,
      hours: 3,
      totalCapacity: 1000,
      ticketTypes: concertTickets(n),
    })),
  },
  {
    id: '5e55c0de-0002-4000-8000-000000000001',
    name: "A Midsummer Night's Dream",
    description:
      "Shakespeare's comedy of lovers, fairies and amateur actors lost in an enchanted forest, in " +
      'a new production by the Lyric Company. Running time 2 h 40 min including one interval.',
    location: 'Lyric Theatre, London',
    imageUrl: '/images/theatre.svg',
    sessions: [1, 2, 3].map((n) => ({
      id: `5e55c0de-0002-4000-8000-00000000000${n + 1}`,
      inDays: 10 + n * 2,
      startHour: 18,
      hours: 3,
      totalCapacity: 450,
      ticketTypes: theatreTickets(n),
    })),
  },
  {
    id: '5e55c0de-0003-4000-8000-000000000001',
    name: 'Frontend Horizons Conference',
    description:
      'Two days of talks and workshops on web performance, accessibility and the future of UI ' +
      'frameworks. Lunch and coffee included; talks are recorded for attendees.',
    location: 'RAI Convention Centre, Amsterdam',
    imageUrl: '/images/conference.svg',
    sessions: [1, 2].map((n) => ({
      id: `5e55c0de-0003-4000-8000-00000000000${n + 1}`,
      inDays: 45 + n,
      startHour: 8,
      hours: 9,
      totalCapacity: 900,
      ticketTypes: conferenceTickets(n),
    })),
  },
  {
    id: '5e55c0de-0004-4000-8000-000000000001',
    name: 'Jazz by the Harbour',
    description:
      'An open-air evening of jazz on the waterfront with three bands, food stalls and the sunset ' +
      'over the river. Seating is unreserved except in the front rows.',
    location: 'Praça do Comércio, Lisbon',
    imageUrl: '/images/jazz.svg',
    sessions: [1, 2].map((n) => ({
      id: `5e55c0de-0004-4000-8000-00000000000${n + 1}`,
      inDays: 30 + n * 7,
      startHour: 17,
      hours: 5,
      totalCapacity: 2000,
      ticketTypes: festivalTickets(n),
    })),
  },
];
