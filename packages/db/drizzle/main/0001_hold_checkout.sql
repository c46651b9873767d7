ALTER TABLE "holds" ADD COLUMN "checkout_key" text;--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "checkout_unit_price" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_converted_has_checkout" CHECK ("holds"."status" <> 'converted' or ("holds"."checkout_key" is not null and "holds"."checkout_unit_price" is not null));