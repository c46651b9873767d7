CREATE TABLE "consumed_events" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"consumed_at" timestamp with time zone DEFAULT now() NOT NULL
);
