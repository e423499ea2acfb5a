CREATE TABLE "warning_roll" (
	"org_id" integer NOT NULL,
	"indicator" text NOT NULL,
	"level" text NOT NULL,
	"orgs" integer NOT NULL,
	"explained" integer NOT NULL,
	CONSTRAINT "warning_roll_pk" PRIMARY KEY("org_id","indicator","level")
);

--> statement-breakpoint
-- Hand-written (decision 0032, addendum). Every statement that opens, changes or closes a warning, or adds or
-- removes an explanation, adds its difference to the counts of the warning's org and every ancestor (the org's
-- path), in key order. Nothing while a restore writes the backup's own rows (as 0021): the backup holds the counts.
CREATE FUNCTION jiceng_warning_roll_add(d_org int[], d_ind text[], d_lvl text[], d_n int[], d_x int[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO warning_roll (org_id, indicator, level, orgs, explained)
  SELECT a.anc, d.indicator, d.level, sum(d.n)::int, sum(d.x)::int
    FROM unnest(d_org, d_ind, d_lvl, d_n, d_x) AS d(org_id, indicator, level, n, x)
    JOIN org o ON o.id = d.org_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(anc)
   GROUP BY a.anc, d.indicator, d.level
  HAVING sum(d.n) <> 0 OR sum(d.x) <> 0
   ORDER BY a.anc, d.indicator, d.level
  ON CONFLICT (org_id, indicator, level) DO UPDATE
     SET orgs = warning_roll.orgs + excluded.orgs, explained = warning_roll.explained + excluded.explained
$$;
--> statement-breakpoint
CREATE FUNCTION jiceng_warning_roll() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM jiceng_warning_roll_add(array_agg(org_id), array_agg(indicator), array_agg(level), array_agg(n),
                                    array_agg(x))
       FROM (SELECT r.org_id, r.indicator, r.level, 1 AS n,
                    (EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = r.id))::int AS x
               FROM warning_new_rows r WHERE r.closed_on IS NULL) d;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM jiceng_warning_roll_add(array_agg(org_id), array_agg(indicator), array_agg(level), array_agg(n),
                                    array_agg(x))
       FROM (SELECT r.org_id, r.indicator, r.level, -1 AS n,
                    -(EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = r.id))::int AS x
               FROM warning_old_rows r WHERE r.closed_on IS NULL) d;
  ELSE
    PERFORM jiceng_warning_roll_add(array_agg(org_id), array_agg(indicator), array_agg(level), array_agg(n),
                                    array_agg(x))
       FROM (SELECT r.org_id, r.indicator, r.level, 1 AS n,
                    (EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = r.id))::int AS x
               FROM warning_new_rows r WHERE r.closed_on IS NULL
             UNION ALL
             SELECT r.org_id, r.indicator, r.level, -1,
                    -(EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = r.id))::int
               FROM warning_old_rows r WHERE r.closed_on IS NULL) d;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER org_warning_roll_ins AFTER INSERT ON org_warning REFERENCING NEW TABLE AS warning_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_warning_roll();
--> statement-breakpoint
CREATE TRIGGER org_warning_roll_upd AFTER UPDATE ON org_warning
  REFERENCING OLD TABLE AS warning_old_rows NEW TABLE AS warning_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_warning_roll();
--> statement-breakpoint
CREATE TRIGGER org_warning_roll_del AFTER DELETE ON org_warning REFERENCING OLD TABLE AS warning_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_warning_roll();
--> statement-breakpoint
-- An explanation marks its open warning explained once: the first one added counts, the last one removed uncounts.
CREATE FUNCTION jiceng_warning_roll_explained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM jiceng_warning_roll_add(array_agg(org_id), array_agg(indicator), array_agg(level), array_agg(0),
                                    array_agg(1))
       FROM org_warning w
      WHERE w.closed_on IS NULL AND w.id IN (SELECT warning_id FROM wexp_new_rows)
        AND NOT EXISTS (SELECT 1 FROM warning_explanation e
                         WHERE e.warning_id = w.id AND e.id NOT IN (SELECT id FROM wexp_new_rows));
  ELSE
    PERFORM jiceng_warning_roll_add(array_agg(org_id), array_agg(indicator), array_agg(level), array_agg(0),
                                    array_agg(-1))
       FROM org_warning w
      WHERE w.closed_on IS NULL AND w.id IN (SELECT warning_id FROM wexp_old_rows)
        AND NOT EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = w.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER warning_explanation_roll_ins AFTER INSERT ON warning_explanation REFERENCING NEW TABLE AS wexp_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_warning_roll_explained();
--> statement-breakpoint
CREATE TRIGGER warning_explanation_roll_del AFTER DELETE ON warning_explanation REFERENCING OLD TABLE AS wexp_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_warning_roll_explained();
--> statement-breakpoint
-- The warnings already open count from the start.
SELECT jiceng_warning_roll_add(array_agg(w.org_id), array_agg(w.indicator), array_agg(w.level), array_agg(1),
                               array_agg((EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = w.id))::int))
  FROM org_warning w WHERE w.closed_on IS NULL;
