/** The OIDC part's API schemas (TypeBox): the consent page, the bridge's login code, consents. */
import { Type } from 'typebox';
import { Enum, LocalText, Obj } from '../../platform/http.ts';
import { SCOPE_NAMES } from './superapp.scopes.ts';

export const SlugParams = Obj({ slug: Type.String({ pattern: '^[a-z][a-z0-9-]{2,39}$' }) });
export const UidParams = Obj({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });

const ScopeName = Enum('SuperappScope', SCOPE_NAMES);
const ScopeString = Type.String({ pattern: '^[a-z_]+( [a-z_]+)*$', maxLength: 200 });

export const ScopeView = Obj(
  {
    scope: ScopeName,
    label: LocalText,
    /** The claims this scope releases. */
    claims: Type.Array(Type.String()),
    /** The purpose the app declared for it. */
    purpose: LocalText,
  },
  { title: 'SuperappScopeView' },
);

export const AppSummary = Obj(
  {
    slug: Type.String(),
    name: LocalText,
    icon: Type.String(),
    ownerName: Type.String(),
    audience: Type.Union([Type.Literal('citizen'), Type.Literal('staff')]),
    privacyPolicyUrl: Type.String(),
  },
  { title: 'SuperappAppSummary' },
);

export const InteractionView = Obj(
  {
    uid: Type.String(),
    app: AppSummary,
    scopes: Type.Array(ScopeView),
    /** False when the signed-in account is the wrong kind for the app (a resident at a staff app, or staff at a residents' app). */
    accountFits: Type.Boolean(),
    /** True when the person's consent already covers every requested scope. */
    consented: Type.Boolean(),
    /**
     * True when nothing is left to ask: the platform session signs in, the consent covers the
     * scopes and the app did not ask for the consent page (prompt=consent, as refresh tokens need):
     * the page continues on its own (single sign-on).
     */
    continueWithoutAsking: Type.Boolean(),
  },
  { title: 'SuperappInteraction' },
);

export const Decision = Obj(
  { decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]) },
  { title: 'SuperappDecision' },
);
export const Redirect = Obj({ redirectTo: Type.String() }, { title: 'SuperappRedirect' });

export const ConsentRequestQuery = Obj({ scope: ScopeString });
export const ConsentRequestView = Obj(
  { app: AppSummary, scopes: Type.Array(ScopeView), consented: Type.Boolean() },
  { title: 'SuperappConsentRequest' },
);

export const GiveConsent = Obj(
  { scopes: Type.Array(ScopeName, { minItems: 1, maxItems: SCOPE_NAMES.length }) },
  { title: 'SuperappGiveConsent' },
);
export const ConsentGiven = Obj(
  { consentId: Type.String(), scopes: Type.Array(ScopeName) },
  { title: 'SuperappConsentGiven' },
);

export const LoginCodeRequest = Obj(
  {
    redirectUri: Type.String({ maxLength: 500, pattern: '^https?://' }),
    /** base64url(SHA-256(code_verifier)): PKCE S256. */
    codeChallenge: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
    scope: ScopeString,
    nonce: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { title: 'SuperappLoginCodeRequest' },
);
export const LoginCode = Obj(
  {
    code: Type.String(),
    /** The issuer (RFC 9207: the app checks it as it would the `iss` of a redirect). */
    iss: Type.String(),
    state: Type.Optional(Type.String()),
  },
  { title: 'SuperappLoginCode' },
);
