/** The station hub (issue 16): the lead's server and a desk's client. docs/HUB.md. */
export { startHub, openHubDb } from './server';
export type { Hub, HubOptions, HubRequest, HubReply, HubStation, HubListen, HelloReply, PackageReply } from './types';
export { HubClient, HubRefusal, HubCertificateError, hubUrl, pairWithHub, type HubClientOptions, type HubOutcome, type PairOptions, type PairedDesk } from './client';
export { signDeskRequest, type DeskIdentity } from './signing';
export { loadOrCreateHubCertificate, type HubCertificate } from './certificate';
