import PinganDomain
/// Word lists for demo data (plausible names and case summaries; no real persons).
enum DemoNames {
    static let surnames: [String] = Array("王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆范金石贾夏付方白孟秦江尹薛闫段雷侯史郝武常康牛邢安齐乔申耿焦苗谷路靳柴").map(String.init)
    static let maleGiven: [String] = pairs("建国志强海军卫东明亮振华国庆永胜德胜保平文斌春生金山小龙红军立新俊杰宏伟学军")
    static let femaleGiven: [String] = pairs("秀英桂兰玉梅淑珍丽娟凤霞春燕海燕翠花红梅秀兰晓燕美玲丽华素芳")

    /// Splits a run of two-character given names.
    private static func pairs(_ run: String) -> [String] {
        let c = Array(run)
        return stride(from: 0, to: c.count - 1, by: 2).map { String(c[$0...$0 + 1]) }
    }

    /// Summaries per category; `{a}` applicant, `{b}` respondent, `{p}` place.
    static func summaries(for category: DisputeCategory) -> [String] {
        switch category {
        case .marriageFamily: [
            "{a}与{b}系夫妻，因家庭琐事长期争吵，{a}提出离婚并要求分割共同财产。",
            "{a}反映其子{b}不尽赡养义务，老人生活困难，请求调解赡养费问题。",
            "{a}与{b}因父母遗留房产继承份额产生争议。"]
        case .neighbourhood: [
            "{a}与{b}系邻居，因{b}在院墙外堆放杂物影响通行发生争执。",
            "{a}与{b}因房屋排水问题发生口角，双方情绪激动。",
            "{a}反映邻居{b}家夜间噪音扰民，多次协商未果。"]
        case .housingHomestead: [
            "{a}与{b}因宅基地界址不清发生争议，{b}翻建房屋时占用{a}宅基地约 1 米。",
            "{a}与{b}因房屋租赁到期后押金退还问题产生纠纷。"]
        case .contract: [
            "{a}借给{b}人民币若干元，约定期限已过，{b}未按期归还。",
            "{a}与{b}签订农产品买卖合同，{b}拖欠货款。"]
        case .businessOperation: [
            "{a}与{b}合伙经营养殖场，因利润分配产生分歧。",
            "{a}从{b}处购买化肥，使用后庄稼减产，要求赔偿。"]
        case .damageCompensation: [
            "{a}家的狗咬伤{b}，双方就医疗费赔偿数额协商不成。",
            "{a}与{b}因琐事发生撕扯，{a}受轻微伤，要求{b}赔偿医药费。"]
        case .forestLand: [
            "{a}与{b}因承包地地界发生争议，双方各执一词。",
            "{a}与{b}因灌溉用水先后顺序发生争执。"]
        case .landAcquisitionDemolition: [
            "{a}对{p}征地青苗补偿标准有异议，要求提高补偿。",
            "{a}等村民对拆迁安置方案不满，与{b}发生争执。"]
        case .environmentalPollution: [
            "{a}反映附近{b}经营的加工厂粉尘污染严重，影响生活。",
            "{a}反映{b}养殖场污水流入其承包地。"]
        case .labour: [
            "{a}在{b}处务工，{b}拖欠工资若干元未付。",
            "{a}在工地务工时受伤，与用工方{b}就工伤赔偿发生争议。"]
        case .consumer: [
            "{a}在{b}经营的商店购买的家电出现质量问题，要求退换。",
            "{a}在{b}处办理预付卡后店铺停业，要求退款。"]
        case .medical: [
            "{a}认为其家属在{b}处就诊时存在误诊，要求医院赔偿。",
            "{a}对医疗费用结算有异议，与{b}发生争执。"]
        case .roadTrafficAccident: [
            "{a}驾驶电动车与{b}驾驶的小型轿车相撞，{a}受伤住院，双方就赔偿协商不成。",
            "{a}与{b}发生车辆剐蹭，就车辆维修费用产生争议。"]
        case .propertyManagement: [
            "{a}拒交物业费，称物业公司{b}服务不到位。",
            "{a}反映小区公共设施损坏，物业{b}迟迟不予维修。"]
        case .other: [
            "{a}与{b}因琐事发生矛盾，请求村调委会调解。"]
        }
    }
}
