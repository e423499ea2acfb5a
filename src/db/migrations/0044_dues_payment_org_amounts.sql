DROP INDEX "dues_payment_org_idx";--> statement-breakpoint
CREATE INDEX "dues_payment_org_amounts_idx" ON "dues_payment" USING btree ("org_id","paid_on","amount_fen","voluntary_fen");