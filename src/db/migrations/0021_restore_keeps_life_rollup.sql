-- Hand-written. A restore (jiceng.restore = 'on', src/services/backup.ts) writes the backup's own rows, the rollup's
-- life_dirty, life_own, life_roll and life_state included: the triggers of 0018 must not mark or drop anything while
-- it runs (they marked orgs in life_dirty before its own rows were copied, and the copy then hit their keys).
CREATE OR REPLACE FUNCTION jiceng_life_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_dirty (org_id) SELECT DISTINCT org_id FROM life_new_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jiceng_life_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_dirty (org_id) SELECT DISTINCT org_id FROM life_old_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jiceng_life_dirty_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_dirty (org_id)
    SELECT org_id FROM life_old_rows WHERE org_id IS NOT NULL
    UNION SELECT org_id FROM life_new_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jiceng_life_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  DELETE FROM life_state;
  UPDATE job SET next_due_at = now() WHERE name = 'life.roll';
  RETURN NULL;
END $$;
