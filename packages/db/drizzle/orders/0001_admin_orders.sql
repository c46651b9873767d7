CREATE TABLE "order_sales_daily" (
	"day" date NOT NULL,
	"session_id" uuid NOT NULL,
	"ticket_type_id" uuid NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"revenue" numeric(12, 2) DEFAULT '0' NOT NULL,
	CONSTRAINT "order_sales_daily_day_session_id_ticket_type_id_pk" PRIMARY KEY("day","session_id","ticket_type_id"),
	CONSTRAINT "order_sales_daily_tickets_non_negative" CHECK ("order_sales_daily"."tickets" >= 0),
	CONSTRAINT "order_sales_daily_revenue_non_negative" CHECK ("order_sales_daily"."revenue" >= 0)
);
--> statement-breakpoint
CREATE TABLE "order_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_status_history_status_valid" CHECK ("order_status_history"."status" in ('pending', 'confirmed', 'cancelled')),
	CONSTRAINT "order_status_history_reason_valid" CHECK ("order_status_history"."reason" in ('customer', 'payment_timeout', 'inventory_unavailable', 'refunded_by_admin'))
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_cancel_reason_valid";--> statement-breakpoint
ALTER TABLE "order_status_history" ADD CONSTRAINT "order_status_history_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_sales_daily_session_id_day_idx" ON "order_sales_daily" USING btree ("session_id","day");--> statement-breakpoint
CREATE INDEX "order_status_history_order_id_at_idx" ON "order_status_history" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "order_items_session_id_idx" ON "order_items" USING btree ("session_id","order_id");--> statement-breakpoint
CREATE INDEX "order_items_ticket_type_id_idx" ON "order_items" USING btree ("ticket_type_id","order_id");--> statement-breakpoint
CREATE INDEX "orders_created_at_id_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_customer_email_prefix_idx" ON "orders" USING btree (lower("customer_email") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_id_prefix_idx" ON "orders" USING btree (("id"::text) text_pattern_ops);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_cancel_reason_valid" CHECK ("orders"."cancel_reason" in ('customer', 'payment_timeout', 'inventory_unavailable', 'refunded_by_admin'));--> statement-breakpoint
-- Orders that existed before the history and the rollup: what their timestamps already tell.
INSERT INTO "order_status_history" ("order_id", "status", "reason", "at")
SELECT "id", 'pending', NULL, "created_at" FROM "orders"
UNION ALL
SELECT "id", 'confirmed', NULL, "confirmed_at" FROM "orders" WHERE "confirmed_at" IS NOT NULL
UNION ALL
SELECT "id", 'cancelled', "cancel_reason", "cancelled_at" FROM "orders" WHERE "cancelled_at" IS NOT NULL;--> statement-breakpoint
INSERT INTO "order_sales_daily" ("day", "session_id", "ticket_type_id", "tickets", "revenue")
SELECT ("o"."confirmed_at" AT TIME ZONE 'UTC')::date, "i"."session_id", "i"."ticket_type_id",
       sum("i"."quantity"), sum("i"."quantity" * "i"."unit_price")
FROM "orders" "o" JOIN "order_items" "i" ON "i"."order_id" = "o"."id"
WHERE "o"."status" = 'confirmed'
GROUP BY 1, 2, 3;
