import { describe, expect, it } from 'vitest';
import { DPV_NAMESPACE, DPV_PURPOSES, dpvPurpose, dpvPurposeIri, dpvPurposeLabel } from '../../../shared/lease/purposes.js';
import { LeaseRequestJson, leaseRequestToJson } from '../../../shared/lease/request.js';
import { sampleMessage } from '../../helpers/chain-requests.js';

describe('DPV purposes', () => {
  it('labels the common purposes with DPV’s own labels', () => {
    expect(dpvPurposeLabel('dpv:ResearchAndDevelopment')).toBe('Research and Development');
    expect(dpvPurposeLabel('dpv:ServiceProvision')).toBe('Service Provision');
    expect(dpvPurposeLabel('dpv:Personalisation')).toBe('Personalisation');
    expect(dpvPurposeLabel('dpv:Marketing')).toBe('Marketing');
    expect(dpvPurposeLabel('dpv:ServiceOptimisation')).toBe('Service Optimisation');
    expect(dpvPurposeLabel('dpv:AcademicResearch')).toBe('Academic Research');
    expect(dpvPurposeLabel('dpv:CommercialResearch')).toBe('Commercial Research');
    expect(dpvPurposeLabel('dpv:NonCommercialResearch')).toBe('Non-Commercial Research');
    expect(dpvPurposeLabel('dpv:FraudPreventionAndDetection')).toBe('Fraud Prevention and Detection');
    expect(dpvPurposeLabel('dpv:PersonalisedAdvertising')).toBe('Personalised Advertising');
  });

  it('returns null for terms it does not know, including near misses', () => {
    for (const term of ['dpv:Research', 'dpv:researchanddevelopment', 'ResearchAndDevelopment', 'ex:ResearchAndDevelopment', '', 'dpv:', 'constructor', '__proto__', 'dpv:toString']) {
      expect(dpvPurposeLabel(term)).toBeNull();
      expect(dpvPurpose(term)).toBeNull();
    }
  });

  it('has one entry per term, each a valid request purpose with a label and dpv: broader terms', () => {
    const terms = DPV_PURPOSES.map((p) => p.term);
    expect(new Set(terms).size).toBe(terms.length);
    for (const p of DPV_PURPOSES) {
      expect(p.term).toMatch(/^dpv:[A-Z][A-Za-z]*$/);
      expect(p.label.trim()).toBe(p.label);
      expect(p.label.length).toBeGreaterThan(0);
      for (const b of p.broader) expect(b).toMatch(/^dpv:[A-Z][A-Za-z]*$/);
      // Every term in the table is accepted as a request's purpose.
      expect(LeaseRequestJson.safeParse(leaseRequestToJson(sampleMessage({ purpose: p.term }))).success).toBe(true);
    }
    expect(Object.isFrozen(DPV_PURPOSES)).toBe(true);
  });

  it('expands dpv: terms to their IRI, and nothing else', () => {
    expect(dpvPurposeIri('dpv:Marketing')).toBe(`${DPV_NAMESPACE}Marketing`);
    expect(dpvPurposeIri('dpv:SomethingNew')).toBe('https://w3id.org/dpv#SomethingNew');
    expect(dpvPurposeIri('ex:Marketing')).toBeNull();
    expect(dpvPurposeIri('dpv:Bad Term')).toBeNull();
  });

  it('request validation accepts unknown compact IRIs (the UI decides what to show for them)', () => {
    expect(LeaseRequestJson.safeParse(leaseRequestToJson(sampleMessage({ purpose: 'ex:SomethingElse' }))).success).toBe(true);
    expect(LeaseRequestJson.safeParse(leaseRequestToJson(sampleMessage({ purpose: 'free text purpose' }))).success).toBe(false);
  });
});
