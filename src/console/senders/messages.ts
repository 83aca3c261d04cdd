// The Calling numbers screen's strings. `en` is the source of the keys; `ko` and `ja`
// (messages.ko.ts, messages.ja.ts) are typed so that they must have exactly the same ones.
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en = {
  nav: "Calling numbers",
  title: "Calling numbers",
  intro:
    "Only an APPROVED number of your account may be the sender (from) of a message. Prove that a number is yours by an SMS code (approved at once) or by documents (reviewed by an operator).",
  limit:
    "{{count}} of {{limit}} places used: at most 10 numbers may be READY, IN_PROGRESS or APPROVED; REJECTED and deleted numbers do not count.",
  list: {
    title: "Your calling numbers",
    empty: "No calling numbers yet. Register the first one below.",
    number: "Number",
    method: "Method",
    status: "Status",
    details: "Details",
    registered: "Registered",
    actions: "Actions",
    rejectedBecause: "Rejected: {{reason}}",
    forProject: "For project “{{name}}”",
    enterCode: "Enter code",
    enterCodeFor: "Enter the code for {{number}}",
  },
  methods: { SMS: "SMS code", DOCUMENT: "Documents" },
  statuses: {
    READY: "READY",
    IN_PROGRESS: "IN_PROGRESS",
    REJECTED: "REJECTED",
    APPROVED: "APPROVED",
  },
  statusHelp: {
    READY: "Waiting for the code, or for an operator to start the review.",
    IN_PROGRESS: "An operator is reviewing the documents.",
    REJECTED: "Refused by an operator.",
    APPROVED: "Can be used as a sender.",
  },
  register: {
    title: "Register a calling number",
    method: "How to prove the number is yours",
    SMS: "By SMS code (approved as soon as the code is confirmed)",
    DOCUMENT: "By documents (an operator reviews them)",
  },
  sms: {
    title: "Register by SMS code",
    intro:
      "A 6-digit code is texted to the number at once. It is valid for 3 minutes and 5 attempts; a new code can be requested every 30 seconds, at most 10 per number in 24 hours.",
    submit: "Send code",
    sending: "Sending the code…",
    sent: "A code was texted to {{number}}. Enter it below.",
  },
  document: {
    title: "Register by documents",
    intro:
      "Every field is required. An operator reviews the request (READY → IN_PROGRESS → APPROVED or REJECTED) and answers at the contact address.",
    submit: "Submit for review",
    sending: "Uploading…",
    submitted: "{{number}} was submitted for review (READY).",
  },
  fields: {
    number: "Calling number",
    numberHint: "8–12 digits; hyphens, spaces, dots and parentheses are ignored.",
    project: "Project",
    projectHint: "The project the number is requested for.",
    projectChoose: "Choose a project",
    noProject: "You have no project yet: create one first.",
    contactEmail: "Contact e-mail",
    contactEmailHint: "Where the reviewer reaches you; at most 254 characters.",
    contactPhone: "Contact phone",
    contactPhoneHint: "8–12 digits, like a calling number (where the answer goes).",
    purpose: "Purpose",
    purposeHint: "What the number will send; 1–500 characters.",
    volume: "Expected daily volume",
    volumeHint: "Messages per day; a whole number of at least 1.",
    proof: "Proof document",
    proofHint:
      "PDF, JPG or PNG, at most 10 MB (10,485,760 bytes). The gateway checks the file's content, not its name.",
  },
  rules: {
    numberEmpty: "Enter a number (8–12 digits).",
    numberCharacters: "Only digits, hyphens, spaces, dots and parentheses are allowed.",
    numberDigits: "A number has 8–12 digits; this one has {{count}}.",
    projectMissing: "Choose the project the number is for.",
    emailMissing: "Enter a contact e-mail address.",
    emailInvalid: "This is not an e-mail address (at most 254 characters).",
    phoneMissing: "Enter a contact phone number.",
    purposeMissing: "Describe the purpose (1–500 characters).",
    purposeTooLong: "The purpose is too long: at most 500 characters, this one has {{count}}.",
    volumeInvalid: "Enter a whole number of at least 1.",
    proofMissing: "Choose a proof document (PDF, JPG or PNG).",
    proofEmpty: "The chosen file is empty.",
    proofTooBig: "The file has {{size}} bytes; at most 10 MB (10,485,760 bytes).",
    proofType: "The proof must be a PDF, JPG or PNG file.",
    codeFormat: "The code is 6 digits.",
    reasonMissing: "Give the reason the member will see (1–500 characters).",
    reasonTooLong: "The reason is too long: at most 500 characters, this one has {{count}}.",
  },
  errors: {
    duplicate:
      "This number is already registered in your account (READY, IN_PROGRESS or APPROVED). Delete it before registering it again.",
    limit:
      "Your account already holds {{current}} of {{limit}} numbers. Delete one (or wait for a rejection) first.",
    deliveryFailed: "The carrier did not accept the code SMS. Nothing was registered; try again.",
    gone: "This number no longer exists (it may have been deleted in another tab).",
  },
  code: {
    title: "Enter the code sent to {{number}}",
    label: "Verification code",
    hint: "6 digits from the SMS.",
    attempts: "Attempts left: {{count}} of {{max}}.",
    expiresIn: "The code expires in {{time}}.",
    expired: "The code has expired: request a new one.",
    confirm: "Confirm code",
    resend: "Send a new code",
    resendIn: "A new code can be requested in {{count}} s.",
    resent: "A new code was sent. Another can be requested in {{count}} s.",
    resendRule: "A new code restarts the 3 minutes and the 5 attempts.",
    resendLimit:
      "{{current}} codes were sent to this number in 24 hours, the most allowed ({{limit}}). Try later or register by documents.",
    resendTooSoon: "A new code can be requested 30 seconds after the previous one.",
    approved: "{{number}} is APPROVED: it can now be used as a sender.",
    errors: {
      WRONG_CODE: "Wrong code: {{count}} attempts left.",
      CODE_EXPIRED: "The code has expired (codes are valid for 3 minutes). Request a new code.",
      TOO_MANY_ATTEMPTS: "All 5 attempts of this code are used. Request a new code.",
      NOT_PENDING: "This number is no longer waiting for a code.",
    },
  },
  delete: {
    label: "Delete {{number}}",
    open: "Delete",
    confirmText:
      "Delete {{number}}? It can no longer send at once, and READY reservations sending from it end as SKIP.",
    confirm: "Yes, delete",
    done: "{{number}} deleted; {{count}} reservations sending from it were skipped.",
  },
  review: {
    title: "Review queue (operators)",
    intro:
      "Document requests of every account, oldest first. Start the review (READY → IN_PROGRESS), then approve or reject with a reason the member sees.",
    empty: "No requests are waiting.",
    request: "Request",
    account: "Account",
    noProof: "This request has no proof document.",
    proofTitle: "Proof for {{number}}",
    bytes: "{{count}} bytes",
    proofAlt: "Proof document {{name}}",
    download: "Download {{name}}",
    reason: "Rejection reason",
    reasonHint: "Shown to the member; 1–500 characters.",
    rejectConfirm: "Reject request",
    changed: "Another operator changed this request first; the queue was reloaded.",
    started: "Review of {{number}} started (IN_PROGRESS).",
    approved: "{{number}} approved.",
    rejected: "{{number}} rejected.",
    viewProof: "View proof",
    viewProofOf: "View the proof for {{number}}",
    start: "Start review",
    startOf: "Start the review of {{number}}",
    approve: "Approve",
    approveOf: "Approve {{number}}",
    reject: "Reject…",
    rejectOf: "Reject {{number}}",
  },
} as const;

export type SendersCatalog = Strings<typeof en>;

export { ja } from "./messages.ja.ts";
export { ko } from "./messages.ko.ts";
