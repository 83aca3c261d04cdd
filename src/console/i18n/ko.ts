// Korean catalog (the service's own language); keys and shape follow en.ts.
import { ko as historyKo } from "../history/messages.ts";
import { ko as resultsKo } from "../results/messages.ts";
import { ko as sendKo } from "../send/messages.ts";
import { ko as reservationsKo } from "../reservations/messages.ts";
import { ko as schedulesKo } from "../schedules/messages.ts";
import type { Catalog } from "./en.ts";
import { ko as optOutKo } from "../optout/messages.ts";
import { ko as webhooksKo } from "../webhooks/messages.ts";
import { ko as sendersKo } from "../senders/messages.ts";

export const ko: Catalog = {
  app: {
    title: "SMS 게이트웨이 콘솔",
    skipToContent: "본문으로 건너뛰기",
    mainNav: "주 메뉴",
  },
  language: {
    label: "언어",
    name: "한국어",
  },
  nav: {
    projects: "프로젝트",
  },
  header: {
    account: "계정",
    role: "역할",
    roles: { MEMBER: "멤버", OPERATOR: "운영자" },
    signOut: "로그아웃",
    loading: "계정 정보를 불러오는 중…",
  },
  signIn: {
    title: "로그인",
    intro:
      "계정의 API 키를 붙여 넣으세요. 콘솔은 키를 이 브라우저 탭에만 보관하며(주소창에는 절대 넣지 않음), 탭을 닫거나 로그아웃하면 잊습니다.",
    keyLabel: "API 키",
    keyHint:
      "sgw_로 시작합니다. 운영자에게 받거나, 게이트웨이가 시작할 때 출력한 데모 키를 사용하세요.",
    submit: "로그인",
    checking: "키를 확인하는 중…",
    empty: "먼저 API 키를 붙여 넣으세요.",
    refused: "게이트웨이가 이 키를 거부했습니다. 알 수 없는 키이거나 폐기된 키입니다.",
    revoked:
      "API 키가 폐기되었거나 더 이상 유효하지 않아 로그아웃되었습니다. 다른 키로 로그인하세요.",
    signedOut: "로그아웃되었습니다.",
  },
  common: {
    save: "저장",
    saving: "저장 중…",
    cancel: "취소",
    close: "닫기",
    loading: "불러오는 중…",
    created: "생성일",
    characters: "{{count}} / {{max}}자",
    previousPage: "이전 페이지",
    nextPage: "다음 페이지",
    copy: "복사",
    copied: "복사됨",
    never: "없음",
  },
  errors: {
    network: "게이트웨이가 응답하지 않습니다. 실행 중인지 확인한 뒤 다시 시도하세요.",
    generic: "{{message}} ({{code}})",
    DATABASE_UNAVAILABLE:
      "게이트웨이의 데이터베이스를 지금 사용할 수 없습니다. 아무것도 변경되지 않았으니 잠시 후 다시 시도하세요.",
    FORBIDDEN: "이 키의 역할로는 할 수 없는 작업입니다.",
    INTERNAL_SERVER_ERROR:
      "게이트웨이에서 예기치 않은 오류가 발생했습니다(게이트웨이 로그에 기록됨). 입력한 내용에는 문제가 없으니 다시 시도하세요.",
    projectGone: "이 프로젝트는 더 이상 존재하지 않습니다(다른 탭에서 삭제되었을 수 있습니다).",
    accessKeyGone: "이 액세스 키는 더 이상 존재하지 않습니다.",
    SECRET_KEY_REQUIRED:
      "게이트웨이가 지금 시크릿을 발급할 수 없습니다(시크릿 키 저장소가 설정되지 않음). 운영자에게 문의하세요.",
  },
  projects: {
    title: "프로젝트",
    intro:
      "프로젝트는 메시지, 예약, 스케줄, 080 수신거부 서비스, SENS 호환 API의 REST 액세스 키를 묶는 단위입니다.",
    listLabel: "내 프로젝트",
    empty: "아직 프로젝트가 없습니다. 아래에서 첫 프로젝트를 만드세요.",
    total: "전체: {{count}}",
    columns: {
      name: "이름",
      description: "설명",
      serviceId: "서비스 ID",
      keys: "활성 액세스 키",
      created: "생성일",
    },
    create: {
      title: "새 프로젝트",
      submit: "프로젝트 만들기",
      created: "프로젝트 “{{name}}”을(를) 만들었습니다.",
    },
    fields: {
      name: "이름",
      nameHint: "필수: 1–100자(앞뒤 공백은 제거됩니다). 중복되어도 됩니다.",
      description: "설명",
      descriptionHint: "선택: 최대 1000자.",
    },
    rules: {
      nameEmpty: "이름을 입력하세요(1–100자).",
      nameTooLong: "이름이 너무 깁니다. 최대 100자인데 {{count}}자입니다.",
      descriptionTooLong: "설명이 너무 깁니다. 최대 1000자인데 {{count}}자입니다.",
    },
    detail: {
      back: "전체 프로젝트",
      notFound: "이 프로젝트는 존재하지 않거나 삭제되었습니다.",
      rename: "이름과 설명",
      renamed: "변경 사항을 저장했습니다.",
      rest: "SENS 호환 REST API",
      serviceId: "서비스 ID",
      restUrl: "메시지 URL",
      restHint:
        "REST 클라이언트는 아래 액세스 키 중 하나를 x-ncp-iam-access-key로 보내고, 요청마다 그 시크릿 키로 서명합니다.",
    },
    delete: {
      open: "프로젝트 삭제…",
      title: "프로젝트 “{{name}}”을(를) 삭제할까요?",
      intro: "삭제는 즉시 한 번에 이루어지며 되돌릴 수 없습니다:",
      effects: {
        hidden:
          "프로젝트가 모든 목록에서 사라집니다(메시지 이력은 그대로 남아 이 프로젝트를 가리킵니다).",
        reservations:
          "READY 상태의 예약은 SKIP(사유 PROJECT_DELETED)으로 끝나며 발송되지 않습니다.",
        schedules: "스케줄은 비활성화되어 더 이상 실행되지 않습니다.",
        optOut: "080 수신거부 서비스는 해지되고(대기 중인 신청은 취소) 수신거부 번호는 삭제됩니다.",
        accessKeys: "REST 액세스 키는 폐기되어 이후 그 키를 쓰는 REST 클라이언트는 거부됩니다.",
      },
      confirm: "프로젝트 삭제",
      deleting: "삭제 중…",
      done: "프로젝트 “{{name}}”을(를) 삭제했습니다: 예약 {{reservations}}건 SKIP, 스케줄 {{schedules}}건 비활성화, 080 서비스 {{optOut}}건 종료, 액세스 키 폐기.",
    },
  },
  senders: sendersKo,
  optout: optOutKo,
  webhooks: webhooksKo,
  accessKeys: {
    title: "액세스 키",
    rule: "프로젝트당 활성 키는 최대 2개입니다. 새로 발급하려면 하나를 폐기하세요.",
    empty: "아직 액세스 키가 없습니다.",
    columns: {
      accessKey: "액세스 키",
      created: "생성일",
      lastUsed: "마지막 사용",
      status: "상태",
      actions: "작업",
    },
    active: "활성",
    revokedAt: "{{date}}에 폐기됨",
    create: "액세스 키 만들기",
    creating: "만드는 중…",
    limitReached: "이 프로젝트에는 이미 활성 키가 {{current}}개 있습니다(최대 {{limit}}개).",
    revoke: "폐기",
    revokeLabel: "액세스 키 {{key}} 폐기",
    confirmRevoke: "{{key}}을(를) 폐기할까요? 이 키로 서명한 REST 요청은 즉시 거부됩니다.",
    confirmRevokeButton: "예, 폐기합니다",
    revoked: "액세스 키 {{key}}을(를) 폐기했습니다.",
    secret: {
      title: "새 액세스 키: 지금 시크릿을 복사하세요",
      once: "시크릿 키는 지금 한 번만 표시됩니다. 다시 읽을 수 없으니 지금 보관하세요. 잃어버렸다면 키를 폐기하고 새로 만드세요.",
      accessKey: "액세스 키",
      secretKey: "시크릿 키",
      done: "시크릿을 보관했습니다",
    },
  },
  results: resultsKo,
  history: historyKo,
  send: sendKo,
  reservations: reservationsKo,
  schedules: schedulesKo,
};
