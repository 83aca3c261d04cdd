// The 080 opt-out screen's strings. `en` is the source of the keys; `ko` and `ja`
// (messages.ko.ts, messages.ja.ts) are typed so that they must have exactly the same ones.
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en = {
  nav: "080 opt-out",
  title: "080 opt-out",
  intro:
    "Advertising (AD) needs a free 080 number: a recipient calls it, the automated voice service reads out your company name, and the caller's number joins the project's opt-out list. Opted-out numbers never receive the project's advertising; ordinary notices (COMM) are not affected.",
  noProject: "You have no project yet: create one first.",
  project: "Project",
  projectHint: "Each project has its own 080 service and opt-out list.",
  statuses: {
    PROCESSING: "PROCESSING: waiting for an operator",
    COMPLETE: "COMPLETE: active",
    STOPPED: "STOPPED: terminated",
  },
  sources: { ARS: "ARS (080 call)", MANUAL: "Manual" },
  invalid: {
    EMPTY: "empty",
    INVALID_CHARACTERS: "only digits, spaces, hyphens, dots and parentheses are allowed",
    TOO_SHORT: "fewer than 8 digits",
    TOO_LONG: "more than 12 digits",
  },
  errors: {
    changed: "The 080 service changed in the meantime; the page was reloaded.",
    conflict:
      "This project already has a PROCESSING or COMPLETE 080 service (or it changed at the same moment).",
  },
  rules: {
    companyEmpty: "Enter the company name (1–20 characters).",
    companyTooLong: "The company name is too long: at most 20 characters, this one has {{count}}.",
  },
  apply: {
    title: "Apply for an 080 number",
    intro:
      "One application per project at a time. An operator completes it and issues the 080 number; billing starts then. A PROCESSING application can be cancelled free of charge.",
    companyName: "Company name",
    companyNameHint:
      "Read out by the ARS: 1–20 characters, counted as you see them (spaces at either end are removed).",
    submit: "Apply",
    done: "Applied for an 080 number as “{{name}}” (PROCESSING).",
  },
  processing: {
    waiting:
      "The application waits for an operator, who will issue the 080 number. Until then you can cancel it; nothing is billed.",
    cancel: "Cancel application",
    cancelled: "The application was cancelled and removed; nothing was billed.",
  },
  service: {
    title: "080 service",
    none: "This project has no 080 service. Advertising (AD) from it is refused until it has one.",
    status: "Status",
    appliedAt: "Applied",
    billingStartAt: "Billing since",
    stoppedAt: "Terminated",
    purgeAfter: "Record removed after",
    number080: "080 number:",
    completeHelp:
      "Print this number in your advertising. Calls to it add the caller to the opt-out list below.",
    stoppedHelp:
      "Terminated: billing ended and the opt-out list was deleted. You can apply again; a new service starts with an empty list.",
  },
  terminate: {
    open: "Terminate the 080 service…",
    title: "Terminate the 080 service {{number}}?",
    intro: "Termination happens at once and cannot be undone:",
    effects: {
      list: "The opt-out list ({{count}} numbers) is deleted for good. It cannot be recovered, not even by applying again.",
      billing: "Billing ends and the 080 number stops answering.",
      ad: "Advertising (AD) from this project is refused until a new 080 service is COMPLETE.",
      purge:
        "The terminated record itself is removed at the end of the 2nd business day (Mon–Fri, Korea time).",
    },
    typeLabel: "Type the 080 number {{number}} to confirm",
    typeHint: "The terminate button stays disabled until the number matches.",
    confirm: "Terminate and delete the list",
    done: "The 080 service was terminated; {{count}} opt-out numbers were deleted for good.",
  },
  list: {
    title: "Opt-out list",
    total: "Matching numbers: {{count}}",
    number: "Number",
    source: "Source",
    added: "Added",
  },
  search: {
    title: "Search the opt-out list",
    number: "Number starts with",
    numberHint: "1–12 digits; spaces and hyphens are ignored. A full number finds it exactly.",
    from: "Added from",
    fromHint: "Inclusive, in your browser's time zone.",
    to: "Added before",
    toHint: "Exclusive; not before “Added from”.",
    source: "Source",
    anySource: "Any source",
    submit: "Search",
    clear: "Show all",
    rules: {
      prefixInvalid: "Enter 1–12 digits (spaces and hyphens are ignored).",
      toBeforeFrom: "“Added before” must not be earlier than “Added from”.",
    },
  },
  edit: {
    title: "Add or delete numbers",
    label: "Numbers, one per line",
    hint: "Up to 1,000 per call; 8–12 digits each (spaces, hyphens, dots and parentheses are ignored). Repeated numbers count once; numbers already listed keep their source and time.",
    counter: "{{count}} / {{max}} numbers",
    add: "Add to the list",
    delete: "Delete from the list",
    added:
      "{{added}} added, {{present}} were already listed, {{duplicates}} repeated in the paste.",
    deleted:
      "{{deleted}} deleted, {{notFound}} were not listed, {{duplicates}} repeated in the paste.",
    rules: {
      numbersEmpty: "Enter at least one number.",
      numbersTooMany: "{{count}} numbers: at most {{max}} per call. Split the list.",
    },
    invalidLine: "Line {{line}} (“{{value}}”): {{reason}}.",
    nothingSent: "Nothing was changed. Correct the list and try again.",
  },
  operator: {
    title: "080 applications (operators)",
    intro:
      "PROCESSING applications of every account, oldest first. Completing one issues a free 080 number and starts billing.",
    empty: "No applications are waiting.",
    account: "Account",
    actions: "Actions",
    complete: "Complete",
    completeOf: "Complete the application of {{company}}",
    completed: "“{{company}}” is COMPLETE with the 080 number {{number}}.",
  },
  ars: {
    title: "Simulate an ARS opt-out call",
    intro:
      "As if the caller dialled the 080 number and confirmed: their number joins that service's list (source ARS). Calling again changes nothing.",
    number080: "Dialled 080 number",
    number080Hint: "080 and 7 digits, of a COMPLETE service.",
    caller: "Caller's number",
    callerHint: "8–12 digits.",
    submit: "Simulate call",
    added: "{{number}} joined the opt-out list (ARS).",
    already: "{{number}} was already on the list; its entry was kept.",
    unknown: "No COMPLETE service has this 080 number.",
    rules: { number080: "An 080 number is 080 followed by 7 digits." },
  },
} as const;

export type OptOutCatalog = Strings<typeof en>;

export { ja } from "./messages.ja.ts";
export { ko } from "./messages.ko.ts";
