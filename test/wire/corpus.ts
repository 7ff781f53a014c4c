/**
 * The conformance corpus: docs/wire-spec.md in executable form. Every row runs against every
 * implementation (corpus.test.ts); rows are grouped by subject in corpus/.
 */
import { framingRows } from './corpus/framing.js';
import { headerRows } from './corpus/headers.js';
import { hostRows } from './corpus/host.js';
import { limitRows } from './corpus/limits.js';
import { pipeliningRows } from './corpus/pipelining.js';
import { requestLineRows } from './corpus/request-line.js';
import { semanticsRows } from './corpus/semantics.js';
import { smugglingRows } from './corpus/smuggling.js';
import { targetRows } from './corpus/target.js';
import { versionRows } from './corpus/version.js';
import type { Row } from './row.js';

export type { Row } from './row.js';

export const corpus: readonly Row[] = [
  ...requestLineRows,
  ...targetRows,
  ...versionRows,
  ...headerRows,
  ...semanticsRows,
  ...hostRows,
  ...framingRows,
  ...smugglingRows,
  ...limitRows,
  ...pipeliningRows,
];
