/**
 * The lead's pairing offer as the renderer shows it: the code, the QR's text and the QR itself
 * as an SVG document (the `qrcode` package), and when the code expires.
 */
import qrcode from 'qrcode';
import type { HubOfferView } from '../../../shared/hub/bridgeTypes';
import { encodePairingOffer, PAIRING_TTL_MS, type PairingOffer } from '../../../shared/hub/protocol';

export async function offerView(offer: PairingOffer & { readonly expiresAt?: string }, shownAt: Date): Promise<HubOfferView> {
  const offerText = encodePairingOffer({
    format: offer.format,
    hub: offer.hub,
    fingerprint: offer.fingerprint,
    code: offer.code,
    stationId: offer.stationId,
    electionHash: offer.electionHash,
    softwareVersion: offer.softwareVersion,
  });
  // M: a phone camera or the desk's webcam reads it off a laptop screen; the offer is ~300 characters.
  const qrSvg = await qrcode.toString(offerText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { offerText, code: offer.code, qrSvg, expiresAt: offer.expiresAt ?? new Date(shownAt.getTime() + PAIRING_TTL_MS).toISOString() };
}
