/**
 * Counting at several tables (分组计票, issue 16): each recorder's table enters its own pile,
 * numbered in its own range of places, so the piles of every table meet in one count without
 * two papers ever sharing a place (a place is the `seq` of a ballot document and of its id,
 * `R1-A-100030-1`). Table 0 is the station's one table as before — the lead's, or a lone
 * station's — with places 1…99,999: a one-table count keeps every id and record as it was.
 * Table t (1…9, a count desk's) has places t·100,000 + 1 … t·100,000 + 99,999: still six
 * digits in a ballot id, a whole number in every format that carries a place.
 * See docs/DECISIONS.md "Counting at several tables".
 */

/** Places per table: a table's n-th paper is at `table · TABLE_SPAN + n`. */
export const TABLE_SPAN = 100_000;

/** The highest table number: places stay within six digits. */
export const MAX_TABLE = 9;

/** Whether `table` is a table number (0 = the station's own table, 1…9 = count desks'). */
export const isCountTable = (table: unknown): table is number => Number.isInteger(table) && (table as number) >= 0 && (table as number) <= MAX_TABLE;

/** The table a place belongs to. */
export const tableOfPlace = (seq: number): number => Math.floor(seq / TABLE_SPAN);

/** The table's first place (table 0: 1). */
export const firstPlaceOf = (table: number): number => table * TABLE_SPAN + 1;

/** The table's last possible place. */
export const lastPlaceOf = (table: number): number => table * TABLE_SPAN + TABLE_SPAN - 1;

/** A place as the table's recorders number their papers (1, 2, …). */
export const placeInTable = (seq: number): number => seq - tableOfPlace(seq) * TABLE_SPAN;
