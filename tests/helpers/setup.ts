/**
 * Station setups the tests confirm (staff, ballot stock, the empty-box check): one place for
 * the tests that only need the day past setup.
 */

/** For the test packages: 100 ballots, not their allocation, so it carries the reason setup asks for. */
export const testSetup = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'], ballotStock: 100, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: 'x', ballotStockReason: '测试用的选票数，与包内分配不同' };

/** For the small demo: its allocation of 40 ballots, no reason needed. */
export const smallDemoSetup = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'], ballotStock: 40, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: 'x' };
