// Paging by cursor, the same on every list: a stack of the cursors of the pages seen so far,
// and the "previous" / "next" buttons under the list.
import { useState } from "react";
import { useTranslation } from "react-i18next";

export type Cursors = (string | null)[];

/** The cursor stack: `after` is the cursor of the page shown, `reset` goes back to page one. */
export function useCursors() {
  const [cursors, setCursors] = useState<Cursors>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  return { cursors, setCursors, after, reset: () => setCursors([null]) };
}

export function Pager({
  cursors,
  setCursors,
  pageInfo,
}: {
  cursors: Cursors;
  setCursors(update: (c: Cursors) => Cursors): void;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null | undefined };
}) {
  const { t } = useTranslation();
  return (
    <div className="pager">
      <button
        type="button"
        disabled={cursors.length === 1}
        onClick={() => setCursors((c) => c.slice(0, -1))}
      >
        {t("common.previousPage")}
      </button>
      <button
        type="button"
        disabled={!pageInfo.hasNextPage}
        onClick={() => setCursors((c) => [...c, pageInfo.endCursor ?? null])}
      >
        {t("common.nextPage")}
      </button>
    </div>
  );
}
