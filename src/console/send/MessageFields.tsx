// The message itself: type, content type with the advertising rules and helpers, country
// with its sender policy, subject and content with their live EUC-KR byte counters, images.
import { useTranslation } from "react-i18next";
import { countEucKr } from "./eucKr.ts";
import { Checkbox, FileInput, RadioGroup, SelectField, TextInput } from "./fields.tsx";
import { formType, takesFiles, takesSubject, type Attachment, type SendValues } from "./form.ts";
import {
  autoComplied,
  CHINA_SIGNATURE,
  COUNTRIES,
  FIXED_SENDER_COUNTRY,
  format080,
  isKoreanNight,
  JAPAN_SERVICE_SENDER,
  LIMITS,
  REQUESTED_TYPES,
} from "./rules.ts";

export type FieldErrors = Partial<Record<string, string[]>>;

interface Props {
  values: SendValues;
  set<K extends keyof SendValues>(key: K, value: SendValues[K]): void;
  errors: FieldErrors;
  optOut: { status: string; number080: string | null } | null;
  attachments: readonly Attachment[];
  onAddFiles(files: File[]): void;
  onRemoveFile(index: number): void;
  now: Date;
}

function AdRules({ values, set, optOut, now }: Pick<Props, "values" | "set" | "optOut" | "now">) {
  const { t } = useTranslation();
  const number080 = optOut?.status === "COMPLETE" ? optOut.number080 : null;
  const shown = number080 ? format080(number080) : "080-XXX-XXXX";
  const night = values.countryCode === "82" && values.mode === "IMMEDIATE" && isKoreanNight(now);
  return (
    <section className="ad-rules" aria-labelledby="ad-rules-title">
      <h4 id="ad-rules-title">{t("send.contentType.rulesTitle")}</h4>
      <ol>
        <li>{t("send.contentType.rule080")}</li>
        <li>{t("send.contentType.ruleNumber", { number: shown })}</li>
        <li>{t("send.contentType.rulePrefix")}</li>
        <li>{t("send.contentType.ruleNight")}</li>
        <li>{t("send.contentType.ruleOptOut")}</li>
      </ol>
      <p>
        {number080
          ? t("send.contentType.service", { status: optOut!.status, number: shown })
          : t("send.contentType.serviceNone")}
      </p>
      <Checkbox
        label={t("send.contentType.autoComply")}
        checked={values.adAutoComply}
        onChange={(v) => set("adAutoComply", v)}
        hint={t("send.contentType.autoComplyHint", { number: shown })}
      />
      {values.adAutoComply && number080 && values.content && (
        <figure className="complied">
          <figcaption>{t("send.contentType.autoComplyResult")}</figcaption>
          <pre>{autoComplied(values.countryCode, values.content, number080)}</pre>
        </figure>
      )}
      <Checkbox
        label={t("send.contentType.nightConsent")}
        checked={values.nightConsent}
        onChange={(v) => set("nightConsent", v)}
        hint={t("send.contentType.nightConsentHint")}
      />
      {night && !values.nightConsent && <p className="warning">{t("send.contentType.nightNow")}</p>}
    </section>
  );
}

function CountryField({ values, set, errors }: Pick<Props, "values" | "set" | "errors">) {
  const { t } = useTranslation();
  const country = COUNTRIES.find((c) => c.code === values.countryCode) ?? COUNTRIES[0]!;
  const policy = (
    <>
      {t(`send.country.policy.${country.senderRule}`, { sender: JAPAN_SERVICE_SENDER })}
      {country.code === "86" && <> {t("send.country.china", { signature: CHINA_SIGNATURE })}</>}
    </>
  );
  return (
    <>
      <SelectField
        label={t("send.country.label")}
        value={values.countryCode}
        onChange={(v) => set("countryCode", v)}
        options={COUNTRIES.map((c) => ({
          value: c.code,
          label: t("send.country.option", {
            code: c.code,
            name: t(`send.country.names.${c.code as "82"}`),
          }),
        }))}
        hint={policy}
        errors={errors.countryCode}
      />
      {values.countryCode === FIXED_SENDER_COUNTRY && (
        <Checkbox
          label={t("send.country.fixedSender")}
          checked={values.fixedSender}
          onChange={(v) => set("fixedSender", v)}
          hint={t("send.country.fixedSenderHint")}
        />
      )}
    </>
  );
}

function FilesField({ attachments, onAddFiles, onRemoveFile, errors }: Props) {
  const { t } = useTranslation();
  return (
    <div className="files">
      <FileInput
        label={t("send.files.label")}
        hint={t("send.files.hint")}
        errors={errors.files}
        accept="image/jpeg,.jpg,.jpeg"
        multiple
        onFiles={onAddFiles}
      />
      {attachments.length > 0 && (
        <ul className="attachments">
          {attachments.map((a, i) => (
            <li key={a.id}>
              {t("send.files.item", { name: a.file.name, size: (a.file.size / 1024).toFixed(1) })}{" "}
              <button type="button" onClick={() => onRemoveFile(i)}>
                {t("send.files.remove", { name: a.file.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function MessageFields(props: Props) {
  const { t } = useTranslation();
  const { values, set, errors, attachments } = props;
  const type = formType(values, attachments.length);
  const counter = (text: string, limit: number) =>
    t("send.text.counter", { bytes: countEucKr(text).bytes, limit, type });
  return (
    <>
      <RadioGroup
        legend={t("send.type.legend")}
        name="type"
        value={values.type}
        onChange={(v) => set("type", v)}
        options={REQUESTED_TYPES.map((v) => ({ value: v, label: t(`send.type.${v}`) }))}
        hint={
          <>
            {t("send.type.sentAs", { type })}
            {values.type === "MMS" && attachments.length === 0 && (
              <> {t("send.type.mmsWithoutFiles")}</>
            )}
          </>
        }
        errors={errors.type}
      />
      <RadioGroup
        legend={t("send.contentType.legend")}
        name="contentType"
        value={values.contentType}
        onChange={(v) => set("contentType", v)}
        options={(["COMM", "AD"] as const).map((v) => ({
          value: v,
          label: t(`send.contentType.${v}`),
        }))}
        errors={errors.contentType}
      >
        {values.contentType === "AD" && <AdRules {...props} />}
      </RadioGroup>
      <CountryField {...props} />
      {takesSubject(values.type) && (
        <TextInput
          label={t("send.text.subject")}
          value={values.subject}
          onChange={(v) => set("subject", v)}
          hint={
            <>
              {t("send.text.subjectHint")}{" "}
              <span className="counter">{counter(values.subject, LIMITS.LMS.subjectBytes)}</span>
            </>
          }
          errors={errors.subject}
        />
      )}
      <TextInput
        label={t("send.text.content")}
        value={values.content}
        onChange={(v) => set("content", v)}
        multiline
        hint={
          <>
            {t("send.text.contentHint")}{" "}
            <span className="counter">{counter(values.content, LIMITS[type].contentBytes)}</span>
          </>
        }
        errors={errors.content}
      />
      {takesFiles(values.type) && <FilesField {...props} />}
    </>
  );
}
