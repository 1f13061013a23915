/**
 * The columns an aggregate's history table has whatever the aggregate (agreement_history,
 * referral_history), and the entry its state keeps for each: mapped here once, each service adding
 * its own columns (a reason, a code, the actor's name).
 */
export interface HistoryColumns {
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  actorRole: string;
}

/** One line of an aggregate's history as its state keeps it, `S` being its statuses. */
export interface HistoryLine<S extends string> {
  at: Date;
  action: string;
  from: S | null;
  to: S;
  actorId: string;
  actorRole: string;
}

/** A history row read back: the line's shared fields (statuses as the aggregate's). */
export const historyLineOf = <S extends string>(row: HistoryColumns): HistoryLine<S> => ({
  at: row.at,
  action: row.action,
  from: row.fromStatus as S | null,
  to: row.toStatus as S,
  actorId: row.actorId,
  actorRole: row.actorRole,
});

/** A history line written: the row's shared columns. */
export const historyColumnsOf = (line: HistoryLine<string>): HistoryColumns => ({
  at: line.at,
  action: line.action,
  fromStatus: line.from,
  toStatus: line.to,
  actorId: line.actorId,
  actorRole: line.actorRole,
});
