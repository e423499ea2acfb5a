CREATE TABLE "local_setting" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"effective_from" date NOT NULL,
	"changed_by" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "local_setting_key_idx" ON "local_setting" USING btree ("key","effective_from");--> statement-breakpoint
-- every change of a local setting is audited like the other tables (migration 0001)
CREATE TRIGGER local_setting_audit AFTER INSERT OR UPDATE OR DELETE ON local_setting FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
-- The maintained aggregates now count party standing in full years since confirmation (decision 0007): the
-- standing bands are a local setting, applied when figures are read. Recount the 'standing' cells in the new form
-- as of the day the aggregates describe (the same sum as the rebuild in src/db/repositories/stats.ts); without
-- that day there are no aggregates yet, and the first statistics request builds them.
DELETE FROM org_stat WHERE dim = 'standing';
--> statement-breakpoint
INSERT INTO org_stat (org_id, dim, key, n)
SELECT a.anc, 'standing', s.key, count(*)::int
  FROM member m
  JOIN org o ON o.id = m.org_id
  JOIN org_stat_state st ON st.id = 1
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN m.status <> 'full' OR m.confirmed_on IS NULL OR m.confirmed_on > st.as_of THEN 'none'
      ELSE (extract(year from st.as_of)::int - extract(year from m.confirmed_on)::int
            - CASE WHEN (extract(month from st.as_of)::int * 100 + extract(day from st.as_of)::int) < m.confirmed_md
                   THEN 1 ELSE 0 END)::text
    END AS key
  ) s
  CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(anc)
 WHERE m.status IN ('full', 'probationary')
 GROUP BY 1, 2, 3;
