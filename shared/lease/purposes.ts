/**
 * Purposes a lease request can name, as terms of the W3C Data Privacy
 * Vocabulary (DPV 2.x, namespace https://w3id.org/dpv#, prefix `dpv:`), with
 * their English labels (skos:prefLabel) and broader terms as DPV defines them.
 * https://w3id.org/dpv — purposes module.
 *
 * The table covers the purposes a data requester plausibly asks for; the
 * request schema accepts any compact IRI (`prefix:Term`), so a term missing
 * here is not invalid, it just has no label: callers show the term itself
 * and say it is not one Data Wallet knows.
 */

export const DPV_NAMESPACE = 'https://w3id.org/dpv#';

export type DpvTerm = `dpv:${string}`;

export interface DpvPurpose {
  term: DpvTerm;
  /** DPV's English label. */
  label: string;
  /** DPV's broader purposes (skos:broader), empty for top-level ones. */
  broader: readonly DpvTerm[];
}

const p = (term: DpvTerm, label: string, ...broader: DpvTerm[]): DpvPurpose => ({ term, label, broader });

/** Known DPV purposes, grouped as in DPV. Labels are DPV's, verbatim. */
export const DPV_PURPOSES: readonly DpvPurpose[] = Object.freeze([
  // research
  p('dpv:ResearchAndDevelopment', 'Research and Development'),
  p('dpv:AcademicResearch', 'Academic Research', 'dpv:ResearchAndDevelopment'),
  p('dpv:CommercialResearch', 'Commercial Research', 'dpv:ResearchAndDevelopment', 'dpv:CommercialPurpose'),
  p('dpv:NonCommercialResearch', 'Non-Commercial Research', 'dpv:ResearchAndDevelopment', 'dpv:NonCommercialPurpose'),
  // providing and improving services
  p('dpv:ServiceProvision', 'Service Provision'),
  p('dpv:RequestedServiceProvision', 'Requested Service Provision', 'dpv:ServiceProvision'),
  p('dpv:TechnicalServiceProvision', 'Technical Service Provision', 'dpv:ServiceProvision'),
  p('dpv:ServiceUsageAnalytics', 'Service Usage Analytics', 'dpv:ServiceProvision'),
  p('dpv:ServiceOptimisation', 'Service Optimisation', 'dpv:ServiceProvision'),
  p('dpv:OptimisationForConsumer', 'Optimisation for Consumer', 'dpv:ServiceOptimisation'),
  p('dpv:OptimisationForController', 'Optimisation for Controller', 'dpv:ServiceOptimisation'),
  p('dpv:ImproveExistingProductsAndServices', 'Improve Existing Products and Services', 'dpv:OptimisationForController'),
  p('dpv:IncreaseServiceRobustness', 'Increase Service Robustness', 'dpv:OptimisationForController'),
  // personalisation
  p('dpv:Personalisation', 'Personalisation'),
  p('dpv:ServicePersonalisation', 'Service Personalisation', 'dpv:ServiceProvision', 'dpv:Personalisation'),
  p('dpv:ProvidePersonalisedRecommendations', 'Provide Personalised Recommendations', 'dpv:ServicePersonalisation'),
  p('dpv:PersonalisedBenefits', 'Personalised Benefits', 'dpv:ServicePersonalisation'),
  p('dpv:UserInterfacePersonalisation', 'User Interface Personalisation', 'dpv:ServicePersonalisation'),
  // marketing
  p('dpv:Marketing', 'Marketing'),
  p('dpv:DirectMarketing', 'Direct Marketing', 'dpv:Marketing'),
  p('dpv:Advertising', 'Advertising', 'dpv:Marketing'),
  p('dpv:PersonalisedAdvertising', 'Personalised Advertising', 'dpv:Advertising', 'dpv:Personalisation'),
  p('dpv:TargetedAdvertising', 'Targeted Advertising', 'dpv:PersonalisedAdvertising'),
  // selling
  p('dpv:SellProducts', 'Sell Products', 'dpv:ServiceProvision'),
  p('dpv:SellInsightsFromData', 'Sell Insights from Data', 'dpv:SellProducts'),
  p('dpv:SellDataToThirdParties', 'Sell Data to Third Parties', 'dpv:SellProducts'),
  // security and obligations
  p('dpv:EnforceSecurity', 'Enforce Security'),
  p('dpv:FraudPreventionAndDetection', 'Fraud Prevention and Detection', 'dpv:MisusePreventionAndDetection'),
  p('dpv:IdentityVerification', 'Identity Verification', 'dpv:Verification'),
  p('dpv:LegalCompliance', 'Legal Compliance', 'dpv:FulfilmentOfObligation'),
  p('dpv:CustomerCare', 'Customer Care', 'dpv:CustomerManagement'),
]);

const BY_TERM: ReadonlyMap<string, DpvPurpose> = new Map(DPV_PURPOSES.map((x) => [x.term, x]));

/** The purpose entry for a term as sent (`dpv:ResearchAndDevelopment`), or null if unknown. Case-sensitive, as DPV terms are. */
export function dpvPurpose(term: string): DpvPurpose | null {
  return BY_TERM.get(term) ?? null;
}

/** DPV's English label for a purpose term, or null when Data Wallet does not know the term. */
export function dpvPurposeLabel(term: string): string | null {
  return dpvPurpose(term)?.label ?? null;
}

/** The full IRI of a `dpv:` term (https://w3id.org/dpv#Term), or null for other prefixes and malformed terms. */
export function dpvPurposeIri(term: string): string | null {
  const m = /^dpv:([A-Za-z][A-Za-z0-9]*)$/.exec(term);
  return m ? `${DPV_NAMESPACE}${m[1]}` : null;
}
