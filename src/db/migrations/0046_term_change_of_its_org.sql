-- A term's change (延期 / 提前换届) is of its own org's term: the daily job reads a subtree's changes by their
-- org_id (decision 0052) and relied on it being the term's org; now the key says so.
CREATE UNIQUE INDEX "org_term_id_org_uq" ON "org_term" USING btree ("id","org_id");--> statement-breakpoint
ALTER TABLE "org_term_change" DROP CONSTRAINT "org_term_change_term_fk";--> statement-breakpoint
ALTER TABLE "org_term_change" ADD CONSTRAINT "org_term_change_term_fk" FOREIGN KEY ("term_id","org_id") REFERENCES "public"."org_term"("id","org_id") ON DELETE no action ON UPDATE no action;
