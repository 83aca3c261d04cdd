// Screen 6, Reservations: a project's reservations by send-time range and status (all
// seven), live; a reservation's details and results; cancelling a READY one in time.
import { useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useChosenProject } from "./ProjectPicker.tsx";
import { ReservationDetail } from "./ReservationDetail.tsx";
import { ReservationList, type ReservationFilter } from "./ReservationList.tsx";
import { localInputToIso, RESERVATION_STATUSES, type ReservationStatus } from "./rules.ts";
import type { StatusNotice } from "./rules.ts";
import "./reservations.css";

const NO_FILTER: ReservationFilter = { from: null, to: null, statuses: [] };

function FilterForm({ onApply }: { onApply(filter: ReservationFilter): void }) {
  const { t } = useTranslation();
  const ids = { from: useId(), to: useId(), range: useId(), status: useId() };
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [statuses, setStatuses] = useState<ReservationStatus[]>([]);
  const toggle = (s: ReservationStatus) =>
    setStatuses((all) => (all.includes(s) ? all.filter((x) => x !== s) : [...all, s]));
  return (
    <form
      aria-label={t("reservations.filter.title")}
      className="card filter"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ from: localInputToIso(from), to: localInputToIso(to), statuses });
      }}
    >
      <div className="filter-range">
        <div className="field">
          <label htmlFor={ids.from}>{t("reservations.filter.from")}</label>
          <input
            id={ids.from}
            type="datetime-local"
            value={from}
            aria-describedby={ids.range}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t("reservations.filter.to")}</label>
          <input
            id={ids.to}
            type="datetime-local"
            value={to}
            aria-describedby={ids.range}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </div>
      <p id={ids.range} className="hint">
        {t("reservations.filter.rangeHint")}
      </p>
      <fieldset className="statuses" aria-describedby={ids.status}>
        <legend>{t("reservations.filter.status")}</legend>
        {RESERVATION_STATUSES.map((s) => (
          <label key={s} title={t(`reservations.statusHelp.${s}`)}>
            <input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle(s)} />{" "}
            {t(`reservations.statuses.${s}`)}
          </label>
        ))}
        <p id={ids.status} className="hint">
          {t("reservations.filter.statusHint")}
        </p>
      </fieldset>
      <div className="actions">
        <button type="submit">{t("reservations.filter.apply")}</button>
        <button
          type="button"
          onClick={() => {
            setFrom("");
            setTo("");
            setStatuses([]);
            onApply(NO_FILTER);
          }}
        >
          {t("reservations.filter.reset")}
        </button>
      </div>
    </form>
  );
}

export function ReservationsScreen() {
  const { t } = useTranslation();
  const [projectId, , picker] = useChosenProject();
  const [filter, setFilter] = useState<ReservationFilter>(NO_FILTER);
  const [selected, setSelected] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const onNotice = useCallback(
    (n: StatusNotice) => {
      if (n.reservationId === selected) setChanges((c) => c + 1);
    },
    [selected],
  );
  return (
    <main id="main" className="screen reservations">
      <h1>{t("reservations.title")}</h1>
      <p>{t("reservations.intro")}</p>
      {picker}
      {projectId && (
        <>
          <FilterForm onApply={setFilter} />
          <ReservationList
            key={`${projectId}:${JSON.stringify(filter)}`}
            projectId={projectId}
            filter={filter}
            selected={selected}
            onSelect={setSelected}
            onNotice={onNotice}
          />
          {selected && (
            <ReservationDetail
              key={selected}
              id={selected}
              changes={changes}
              onClose={() => setSelected(null)}
            />
          )}
        </>
      )}
    </main>
  );
}
