CREATE TABLE "life_run" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"run" smallint NOT NULL,
	"last_held" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "life_run_dirty" (
	"member_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "life_run_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"built_on" date NOT NULL
);
--> statement-breakpoint
-- Hand-written (decision 0048). Every statement that changes what 党章第九条's run of months missed is counted from
-- — attendance, visitors (present at a host org's meeting), a meeting's date, a meeting's on-site mark (a meeting
-- marked 'false' does not count) — marks the members it touched in life_run_dirty, so no writer can forget the
-- maintained run; the refresh (in the meeting writer's transaction, else at the next evaluation or the job) judges
-- them again with lifeRun. A restore writes the backup's own rows: nothing is marked while it runs (as 0021).
-- A meeting's deletion needs no trigger of its own: its attendance and visitors go first (or by cascade), and those
-- statements mark their members.
CREATE FUNCTION jiceng_life_run_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_run_dirty (member_id) SELECT DISTINCT member_id FROM run_new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION jiceng_life_run_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_run_dirty (member_id) SELECT DISTINCT member_id FROM run_old_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION jiceng_life_run_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_run_dirty (member_id)
    SELECT member_id FROM run_old_rows UNION SELECT member_id FROM run_new_rows
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['meeting_attendance', 'meeting_visitor'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS run_new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_new()', t || '_run_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS run_old_rows
                      NEW TABLE AS run_new_rows FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_both()',
                   t || '_run_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS run_old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_old()', t || '_run_del', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- a meeting moved to another day: its attendees' and visitors' months change
CREATE FUNCTION jiceng_life_run_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO life_run_dirty (member_id)
    SELECT a.member_id FROM meeting_attendance a
     WHERE a.meeting_id IN (SELECT n.id FROM run_new_rows n JOIN run_old_rows o ON o.id = n.id
                             WHERE n.held_on IS DISTINCT FROM o.held_on)
    UNION
    SELECT v.member_id FROM meeting_visitor v
     WHERE v.meeting_id IN (SELECT n.id FROM run_new_rows n JOIN run_old_rows o ON o.id = n.id
                             WHERE n.held_on IS DISTINCT FROM o.held_on)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_run_upd AFTER UPDATE ON meeting REFERENCING OLD TABLE AS run_old_rows
  NEW TABLE AS run_new_rows FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_meeting_moved();
--> statement-breakpoint
-- a meeting's mark set, revised or removed: whether the meeting counts changes for its attendees and visitors
CREATE FUNCTION jiceng_life_run_marked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO life_run_dirty (member_id)
      SELECT a.member_id FROM meeting_attendance a
       WHERE a.meeting_id IN (SELECT record_id FROM run_old_rows WHERE kind = 'meeting')
      UNION SELECT v.member_id FROM meeting_visitor v
       WHERE v.meeting_id IN (SELECT record_id FROM run_old_rows WHERE kind = 'meeting')
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO life_run_dirty (member_id)
      SELECT a.member_id FROM meeting_attendance a
       WHERE a.meeting_id IN (SELECT record_id FROM run_new_rows WHERE kind = 'meeting')
      UNION SELECT v.member_id FROM meeting_visitor v
       WHERE v.meeting_id IN (SELECT record_id FROM run_new_rows WHERE kind = 'meeting')
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER record_mark_run_ins AFTER INSERT ON record_mark REFERENCING NEW TABLE AS run_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_marked();
--> statement-breakpoint
CREATE TRIGGER record_mark_run_upd AFTER UPDATE ON record_mark REFERENCING OLD TABLE AS run_old_rows
  NEW TABLE AS run_new_rows FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_marked();
--> statement-breakpoint
CREATE TRIGGER record_mark_run_del AFTER DELETE ON record_mark REFERENCING OLD TABLE AS run_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_run_marked();
