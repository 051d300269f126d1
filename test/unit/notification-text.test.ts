import { NOTIFICATION_KINDS, notificationText, shanghaiDateTime } from '../../libs/domain';

const context = {
  applicationNumber: 'YB-2026-000123',
  enterpriseName: '杭州味道餐饮管理有限公司',
  serviceName: '餐饮店开办',
  stepKey: 'fire-safety',
  departmentName: { zh: '消防救援支队', en: 'Fire and Rescue' },
  dueAt: '2026-10-10T16:00:00.000Z',
  message: '请本周内办结',
};

describe('notification text', () => {
  test('due dates read in Beijing time', () => {
    expect(shanghaiDateTime('2026-10-10T04:30:00.000Z')).toBe('2026-10-10 12:30');
  });

  test('every kind names the case, in Chinese and in English', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const text = notificationText(kind, context);
      expect(text.title).toContain('YB-2026-000123');
      expect(text.titleEn).toContain('YB-2026-000123');
      expect(text.body).toContain('杭州味道餐饮管理有限公司');
      expect(text.bodyEn).toContain('杭州味道餐饮管理有限公司');
    }
  });

  test('a card names the department and its step; only a red card is urgent', () => {
    const yellow = notificationText('yellow_card', context);
    expect(yellow.body).toContain('消防救援支队「fire-safety」环节');
    expect(yellow.bodyEn).toContain('The Fire and Rescue step "fire-safety"');
    expect(yellow.urgent).toBe(false);
    expect(notificationText('red_card', context).urgent).toBe(true);
    expect(NOTIFICATION_KINDS.filter((kind) => notificationText(kind, context).urgent)).toEqual(['red_card']);
  });

  test('an urge carries the coordinating CIO’s words', () => {
    expect(notificationText('urged', context).body).toContain('请本周内办结');
    expect(notificationText('urged', context).bodyEn).toContain('请本周内办结');
  });
});
