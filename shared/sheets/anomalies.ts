/**
 * The sheet's 异常及处理 (issue 16): the round's anomalies the lead's hub found when partitioned
 * desks' records merged and the 总监票人 resolved — what was found and how it was resolved, in the
 * words of the lead's 异常 list (`describeAnomaly`, zh-CN, the election's time zone and proxy
 * limit). Print-only, like the other explanatory lines: the signed result and the QR codes do not
 * carry them. None → nothing printed.
 */
import type { Content } from 'pdfmake/interfaces';
import { electionRules } from '../election/profile';
import { electionTimeZone } from '../election/localTime';
import { describeAnomaly } from '../hub/anomalies';
import { keptTogether, section } from './layout';
import type { SheetInput } from './types';

/** One line per anomaly of the signed round: what was found, then its resolution. */
export function anomalyLines(input: SheetInput): string[] {
  const round = input.signed.result.round;
  const options = { timeZone: electionTimeZone(input.election), maxProxiesPerHolder: electionRules(input.election).maxProxiesPerHolder };
  return (input.anomalies ?? [])
    .filter((anomaly) => anomaly.round === round && anomaly.resolution !== null)
    .map((anomaly) => {
      const { found, resolution } = describeAnomaly(anomaly, 'zh-CN', options);
      return `${found}。${resolution}。`;
    });
}

/** The section (`${mark}、异常及处理`), or nothing when the round had no resolved anomaly. */
export function anomaliesSection(input: SheetInput, mark: string): Content[] {
  const lines = anomalyLines(input);
  if (lines.length === 0) return [];
  return keptTogether(section(`${mark}、异常及处理`), [{ ol: lines.map((text) => ({ text, style: 'cell' })), margin: [4, 0, 0, 0] }], lines.length <= 6);
}
