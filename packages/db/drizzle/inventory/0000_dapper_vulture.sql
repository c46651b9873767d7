CREATE TABLE "inventory_holds" (
	"hold_id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid,
	"session_id" uuid,
	"ticket_type_id" uuid,
	"quantity" integer,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_holds_status_valid" CHECK ("inventory_holds"."status" in ('held', 'committed', 'released', 'tombstone')),
	CONSTRAINT "inventory_holds_quantity_positive" CHECK ("inventory_holds"."quantity" > 0),
	CONSTRAINT "inventory_holds_tombstone_shape" CHECK (("inventory_holds"."status" = 'tombstone') = ("inventory_holds"."item_id" is null and "inventory_holds"."quantity" is null))
);
--> statement-breakpoint
CREATE TABLE "inventory_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	"total_quantity" integer NOT NULL,
	"available_quantity" integer NOT NULL,
	"held_quantity" integer DEFAULT 0 NOT NULL,
	"committed_quantity" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_items_session_ticket_type_key" UNIQUE("session_id","ticket_type_id"),
	CONSTRAINT "inventory_items_total_non_negative" CHECK ("inventory_items"."total_quantity" >= 0),
	CONSTRAINT "inventory_items_available_non_negative" CHECK ("inventory_items"."available_quantity" >= 0),
	CONSTRAINT "inventory_items_held_non_negative" CHECK ("inventory_items"."held_quantity" >= 0),
	CONSTRAINT "inventory_items_committed_non_negative" CHECK ("inventory_items"."committed_quantity" >= 0),
	CONSTRAINT "inventory_items_conservation" CHECK ("inventory_items"."available_quantity" + "inventory_items"."held_quantity" + "inventory_items"."committed_quantity" = "inventory_items"."total_quantity")
);
--> statement-breakpoint
CREATE TABLE "consumed_events" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"consumed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"aggregate_id" uuid NOT NULL,
	"idempotency_key" text,
	"correlation_id" text,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory_holds" ADD CONSTRAINT "inventory_holds_item_id_inventory_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inventory_holds_status_expires_at_idx" ON "inventory_holds" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "inventory_holds_item_id_idx" ON "inventory_holds" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("occurred_at") WHERE "outbox"."published_at" is null;