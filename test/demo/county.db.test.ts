/**
 * The demo county is a possible history: seeded ONCE per engine (a minute or more on a loaded machine) and read by
 * each area's checks (test/demo/checks/), which write nothing (decision 0041; on PGlite the harness checks that).
 * They were six files that seeded the same county each, twelve seedings a run.
 */
import { describe } from 'vitest';
import { describeSeeded } from '../helpers/db.js';
import { seedCounty } from './checks/county.js';
import { historyChecks } from './checks/history.js';
import { duesChecks } from './checks/dues.js';
import { recruitmentChecks } from './checks/recruitment.js';
import { screeningChecks } from './checks/screening.js';
import { assessmentChecks } from './checks/assessment.js';
import { reviewsChecks } from './checks/reviews.js';
import { warningsChecks } from './checks/warnings.js';

describeSeeded('demo county', { seed: seedCounty }, (h, summary) => {
  const county = { h, summary };
  describe('demo histories', () => historyChecks(county));
  describe('demo dues', () => duesChecks(county));
  describe('demo recruitment', () => recruitmentChecks(county));
  describe('demo screening', () => screeningChecks(county));
  describe('demo assessment', () => assessmentChecks(county));
  describe('demo reviews', () => reviewsChecks(county));
  describe('demo warnings', () => warningsChecks(county));
});
