// The request's messages as a virtualised table: only the rows in view (and a few around
// them) are in the DOM, so 100,000 messages scroll like 30. Rows not read yet show
// "Loading…" and ask the live view to read pages up to them.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { LiveResults } from "./live.ts";
import { PAGE_SIZE } from "./live.ts";
import type { Row } from "./store.ts";

const ROW_PX = 34;
const COLUMNS = ["index", "to", "status", "telco", "code", "time", "more"] as const;

function Cells({
  row,
  index,
  time: format,
  onMore,
}: {
  row: Row;
  index: number;
  time: Intl.DateTimeFormat;
  onMore(row: Row): void;
}) {
  const { t } = useTranslation();
  const time = row.completeTime ? format.format(new Date(row.completeTime)) : "";
  return (
    <>
      <td>{index + 1}</td>
      <td>{row.to}</td>
      <td className={`status status-${row.status.toLowerCase()}`}>{row.status}</td>
      <td>{row.telcoCode ?? ""}</td>
      <td className={row.statusName === "fail" ? "code fail" : "code"}>
        {row.statusCode === null ? "" : `${row.statusCode} (${row.statusName ?? ""})`}
      </td>
      <td>{time}</td>
      <td>
        <button
          type="button"
          className="small"
          aria-label={t("results.more.label", { to: row.to })}
          onClick={() => onMore(row)}
        >
          {t("results.more.button")}
        </button>
      </td>
    </>
  );
}

export function ResultsList({
  live,
  total,
  onMore,
}: {
  live: LiveResults;
  total: number;
  onMore(row: Row): void;
}) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // One formatter per language, not one per cell and frame (building one is not cheap).
  const time = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" }),
    [i18n.language],
  );
  const rows = live.store.rows;
  const count = Math.max(total, rows.length);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastInView = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => live.want(lastInView + 1 + PAGE_SIZE / 2), [live, lastInView]);

  // A real table laid out as a grid: the header stays on top, the body is as tall as every
  // row together, and only the rows in view are in it, each moved to its place.
  return (
    <div ref={scroller} className="results-scroll">
      <table
        aria-label={t("results.list.label")}
        aria-rowcount={count + 1}
        className="results-table"
      >
        <thead>
          <tr aria-rowindex={1} className="results-row">
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {t(`results.list.columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <tr
                key={item.key}
                aria-rowindex={item.index + 2}
                className="results-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
              >
                {row ? (
                  <Cells row={row} index={item.index} time={time} onMore={onMore} />
                ) : (
                  <>
                    <td>{item.index + 1}</td>
                    <td className="muted">{t("results.list.loadingRow")}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
