CREATE INDEX "holds_orderless_expires_at_idx" ON "holds" USING btree ("expires_at") WHERE "holds"."status" = 'converted' and "holds"."order_id" is null;--> statement-breakpoint
CREATE INDEX "holds_session_id_idx" ON "holds" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "holds_ticket_type_id_idx" ON "holds" USING btree ("ticket_type_id");