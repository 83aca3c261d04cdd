// English catalog: the source of every key. ko.ts and ja.ts must have exactly these keys
// (their type, Catalog, is derived from this object, so a missing key fails typecheck).
import { en as optOutEn } from "../optout/messages.ts";
import { en as webhooksEn } from "../webhooks/messages.ts";
import { en as sendersEn } from "../senders/messages.ts";

import { en as historyEn } from "../history/messages.ts";
import { en as resultsEn } from "../results/messages.ts";
import { en as sendEn } from "../send/messages.ts";
import { en as reservationsEn } from "../reservations/messages.ts";
import { en as schedulesEn } from "../schedules/messages.ts";
export const en = {
  app: {
    title: "SMS gateway console",
    skipToContent: "Skip to content",
    mainNav: "Main",
  },
  language: {
    label: "Language",
    name: "English",
  },
  nav: {
    projects: "Projects",
  },
  header: {
    account: "Account",
    role: "Role",
    roles: { MEMBER: "Member", OPERATOR: "Operator" },
    signOut: "Sign out",
    loading: "Loading your account…",
  },
  signIn: {
    title: "Sign in",
    intro:
      "Paste an API key of your account. The console keeps it in this browser tab only (never in the address bar) and forgets it when the tab closes or you sign out.",
    keyLabel: "API key",
    keyHint:
      "Starts with sgw_. Ask an operator for one, or use the demo key the gateway printed when it started.",
    submit: "Sign in",
    checking: "Checking the key…",
    empty: "Paste an API key first.",
    refused: "The gateway refused this key: it is unknown or has been revoked.",
    revoked:
      "Your API key was revoked or is no longer valid, so you were signed out. Sign in with another key.",
    signedOut: "You are signed out.",
  },
  common: {
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    close: "Close",
    loading: "Loading…",
    created: "Created",
    characters: "{{count}} / {{max}} characters",
    previousPage: "Previous page",
    nextPage: "Next page",
    copy: "Copy",
    copied: "Copied",
    never: "Never",
  },
  errors: {
    network: "The gateway did not answer. Check that it is running, then try again.",
    generic: "{{message}} ({{code}})",
    DATABASE_UNAVAILABLE:
      "The gateway's database is unavailable right now. Nothing was changed; try again in a moment.",
    FORBIDDEN: "Your key's role may not do this.",
    INTERNAL_SERVER_ERROR:
      "The gateway hit an unexpected error (it is logged there). Nothing you entered is wrong; try again.",
    projectGone: "This project no longer exists (it may have been deleted in another tab).",
    accessKeyGone: "This access key no longer exists.",
    SECRET_KEY_REQUIRED:
      "The gateway cannot issue secrets right now (its secret-key storage is not configured). Ask an operator.",
  },
  projects: {
    title: "Projects",
    intro:
      "A project groups messages, reservations, schedules, the 080 opt-out service and the REST access keys of the SENS-compatible API.",
    listLabel: "Your projects",
    empty: "No projects yet. Create the first one below.",
    total: "Total: {{count}}",
    columns: {
      name: "Name",
      description: "Description",
      serviceId: "Service ID",
      keys: "Active access keys",
      created: "Created",
    },
    create: {
      title: "New project",
      submit: "Create project",
      created: "Project “{{name}}” created.",
    },
    fields: {
      name: "Name",
      nameHint:
        "Required: 1–100 characters (spaces at either end are removed). Need not be unique.",
      description: "Description",
      descriptionHint: "Optional: at most 1000 characters.",
    },
    rules: {
      nameEmpty: "Enter a name (1–100 characters).",
      nameTooLong: "The name is too long: at most 100 characters, this one has {{count}}.",
      descriptionTooLong:
        "The description is too long: at most 1000 characters, this one has {{count}}.",
    },
    detail: {
      back: "All projects",
      notFound: "This project does not exist or was deleted.",
      rename: "Name and description",
      renamed: "Changes saved.",
      rest: "SENS-compatible REST API",
      serviceId: "Service ID",
      restUrl: "Messages URL",
      restHint:
        "REST clients send x-ncp-iam-access-key with one of the access keys below and sign each request with its secret key.",
    },
    delete: {
      open: "Delete project…",
      title: "Delete project “{{name}}”?",
      intro: "Deleting happens at once, in one step, and cannot be undone:",
      effects: {
        hidden:
          "the project disappears from every list (its message history stays, pointing at it);",
        reservations:
          "its READY reservations end as SKIP (reason PROJECT_DELETED): nothing of them is sent;",
        schedules: "its schedules are deactivated: no further occurrences;",
        optOut:
          "its 080 opt-out service is terminated (a pending application is cancelled) and its opt-out numbers are erased;",
        accessKeys:
          "its REST access keys are revoked: REST clients using them are refused from then on.",
      },
      confirm: "Delete project",
      deleting: "Deleting…",
      done: "Project “{{name}}” deleted: {{reservations}} reservations skipped, {{schedules}} schedules deactivated, {{optOut}} 080 services ended; its access keys were revoked.",
    },
  },
  senders: sendersEn,
  optout: optOutEn,
  webhooks: webhooksEn,
  accessKeys: {
    title: "Access keys",
    rule: "At most 2 active keys per project. Revoke one to issue another.",
    empty: "No access keys yet.",
    columns: {
      accessKey: "Access key",
      created: "Created",
      lastUsed: "Last used",
      status: "Status",
      actions: "Actions",
    },
    active: "Active",
    revokedAt: "Revoked {{date}}",
    create: "Create access key",
    creating: "Creating…",
    limitReached: "This project already has {{current}} of {{limit}} active keys.",
    revoke: "Revoke",
    revokeLabel: "Revoke access key {{key}}",
    confirmRevoke: "Revoke {{key}}? REST requests signed with it are refused at once.",
    confirmRevokeButton: "Yes, revoke",
    revoked: "Access key {{key}} revoked.",
    secret: {
      title: "New access key: copy the secret now",
      once: "This is the only time the secret key is shown. Store it now: it cannot be read again. If it is lost, revoke the key and create another.",
      accessKey: "Access key",
      secretKey: "Secret key",
      done: "I have stored the secret",
    },
  },
  results: resultsEn,
  history: historyEn,
  send: sendEn,
  reservations: reservationsEn,
  schedules: schedulesEn,
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** Every catalog has this shape: the keys of the English one, any text. */
export type Catalog = Strings<typeof en>;
