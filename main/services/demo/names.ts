/**
 * Name material for generated rolls: common surnames with rough frequency weights (per mille of
 * the population), and given names by gender and by the decade people were born in (names follow
 * fashions: 建国 and 秀英 are the grandparents, 子轩 and 梓涵 the grandchildren).
 */
import type { Gender } from '../../../shared/election/schemas';

export const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 68], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 25], ['赵', 23],
  ['吴', 20], ['周', 20], ['徐', 17], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 12],
  ['何', 12], ['林', 11], ['高', 11], ['罗', 10], ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 7],
  ['唐', 7], ['许', 7], ['韩', 6], ['邓', 6], ['冯', 6], ['曹', 6], ['彭', 6], ['曾', 6],
  ['肖', 6], ['田', 5], ['董', 5], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 5], ['杜', 5], ['叶', 5], ['程', 4], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4],
  ['任', 4], ['卢', 4], ['姚', 4], ['沈', 4], ['钟', 4], ['姜', 4], ['崔', 3], ['谭', 3],
  ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3], ['石', 3], ['金', 3], ['韦', 3], ['贾', 3],
  ['夏', 3], ['付', 3], ['方', 3], ['邹', 2], ['熊', 2], ['白', 2], ['孟', 2], ['秦', 2],
  ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
  ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2], ['毛', 2], ['郝', 2], ['顾', 2],
  ['龚', 2], ['邵', 2], ['万', 2], ['武', 2], ['钱', 2], ['戴', 2], ['严', 2], ['覃', 1],
  ['莫', 1], ['孔', 1], ['向', 1], ['常', 1], ['汤', 1], ['康', 1], ['易', 1], ['乔', 1],
  ['赖', 1], ['文', 1], ['施', 1], ['洪', 1], ['牛', 1], ['欧阳', 0.5], ['上官', 0.1],
  ['司马', 0.1], ['诸葛', 0.05],
];

export type Era = 'old' | 'mid' | 'young';

export function eraOf(birthYear: number): Era {
  if (birthYear < 1965) return 'old';
  if (birthYear < 1990) return 'mid';
  return 'young';
}

const split = (text: string): readonly string[] => text.trim().split(/\s+/);

/** Given names (one or two characters) by gender and era. */
export const GIVEN_NAMES: Readonly<Record<Gender, Readonly<Record<Era, readonly string[]>>>> = {
  M: {
    old: split(`
      建国 建华 建军 国强 国庆 国华 志刚 志明 德明 德福 福生 桂林 长春 玉山 振华 卫东 卫国
      红军 永康 永福 文华 文斌 庆丰 树林 宝山 金山 学文 秋生 春生 跃进 广文 世杰 兴旺 家祥
      宝华 炳章 守业 成林 军 强 明 刚 勇 平 华 林 斌 忠 海 福 山 松`),
    mid: split(`
      伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 亮 峰 健 俊 东 凯 晓东 海涛 建伟
      文杰 晓明 永刚 小军 海峰 宏伟 立新 春雷 建平 红兵 晓峰 振宇 国栋 鹏飞 旭东 海波 勇军
      建新 志勇 明亮 光辉 立军 卫华 向东 新民 学军 利民`),
    young: split(`
      浩 宇 鑫 帅 磊 超 鹏 杰 旭 晨 阳 博 睿 昊 航 浩然 子轩 宇航 浩宇 一鸣 天宇 晨阳 嘉豪
      子豪 梓轩 宇轩 皓轩 思远 博文 明轩 家豪 泽宇 俊熙 子墨 雨泽 文博 鑫磊 宇辰 志远 晨曦
      俊豪 锦程 逸飞`),
  },
  F: {
    old: split(`
      秀英 桂英 秀兰 玉兰 桂兰 凤英 淑珍 淑英 玉珍 玉梅 秀珍 秀芳 桂芳 桂珍 凤兰 玉英 翠花
      秀云 金凤 素芬 爱华 红梅 淑华 丽华 美华 翠英 玉芬 月娥 兰英 素珍 英 兰 珍 华 梅 芳 凤
      琴`),
    mid: split(`
      芳 娜 敏 静 丽 艳 娟 霞 燕 玲 红 萍 琳 洁 丹 颖 晶 慧 婷 倩 莉 丽娟 晓燕 海燕 红霞
      丽萍 春梅 秀梅 晓红 晓丽 丽丽 艳红 雪梅 小红 美玲 晓敏 文静 秀娟 爱玲 金花 雅琴 丽娜
      晓琳 海霞 春燕 玉洁 彩霞 红艳`),
    young: split(`
      婷 欣 悦 琪 雪 颖 倩 璐 佳 怡 萱 晴 婷婷 欣怡 梓涵 诗涵 子涵 雨萱 思雨 佳怡 可欣 梦瑶
      雨欣 佳琪 欣妍 思彤 雅琪 语嫣 心怡 一诺 佳慧 晓雪 静怡 子怡 若曦 雨桐 艺涵 诗琪 梦琪
      紫涵 欣然 雨婷`),
  },
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`chineseNumber: ${n} is outside 1–99`);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]!}十${ones === 0 ? '' : DIGITS[ones]!}`;
}

/**
 * Characters for two-character given names made up on the spot (first × second), so a large
 * roll is not full of namesakes; the lists above keep the era's typical names.
 */
export const GIVEN_NAME_PARTS: Readonly<Record<Gender, { readonly first: readonly string[]; readonly second: readonly string[] }>> = {
  M: {
    first: split('建 国 志 文 晓 海 永 立 宏 俊 明 家 振 春 子 浩 宇 嘉 天 思 博 泽 德 学 新 长 少 云 光 胜'),
    second: split('华 军 强 明 伟 平 刚 东 峰 涛 林 斌 龙 杰 辉 宇 轩 航 然 豪 博 成 亮 生 民 忠 林 鸣 川 源'),
  },
  F: {
    first: split('秀 玉 丽 晓 海 春 红 雪 美 雅 文 静 佳 思 雨 诗 欣 梦 子 可 淑 桂 慧 月 彩 婉 若 艺 晨 巧'),
    second: split('英 兰 芳 梅 华 红 燕 霞 萍 娟 丽 琳 敏 婷 怡 涵 琪 萱 瑶 悦 珍 云 洁 静 莹 颖 倩 雯 妍 蓉'),
  },
};
