<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Prefdesk</source>
        <translation>关于 Prefdesk</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Licenses</source>
        <translation>许可证(&amp;L)</translation>
    </message>
    <message>
        <source>Prefdesk</source>
        <translation>Prefdesk</translation>
    </message>
    <message>
        <source>Collects preference judgments for training language models.</source>
        <translation>为训练语言模型收集偏好判断。</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Copy path</source>
        <translation>复制路径(&amp;C)</translation>
    </message>
    <message>
        <source>Prefdesk is built on these components; each keeps its own license, as its authors declared it.</source>
        <translation>Prefdesk 基于以下组件构建；每个组件沿用其作者声明的许可证。</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Licenses of bundled components</source>
        <translation>所含组件的许可证</translation>
    </message>
</context>
<context>
    <name>AccountController</name>
    <message>
        <source>Sign &amp;in…</source>
        <extracomment>The profile&apos;s sign-in was read; ``sign_in_as`` may be called from now on. Signed in (True) or out (False): the Lead menu follows it.</extracomment>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Update Prefdesk</source>
        <translation>更新 Prefdesk</translation>
    </message>
    <message>
        <source>The server needs a newer Prefdesk. Install the version your vendor provides, then start Prefdesk again: your work is kept and will sync.</source>
        <translation>服务器需要更新版本的 Prefdesk。请安装供应商提供的版本，然后重新启动 Prefdesk：你的工作都会保留，并会继续同步。</translation>
    </message>
    <message>
        <source>Sign in again to sync with {server}.</source>
        <translation>请重新登录以与 {server} 同步。</translation>
    </message>
    <message>
        <source>Your system has no secure keyring ({reason}), so the token is kept only while Prefdesk runs: you will need to sign in again next time.</source>
        <translation>你的系统没有安全的密钥环（{reason}），因此令牌只在 Prefdesk 运行期间保留：下次需要重新登录。</translation>
    </message>
</context>
<context>
    <name>AnnotationController</name>
    <message>
        <source>No guideline pack for this project yet: import one with File → Import guideline pack…</source>
        <translation>此项目还没有指南包：请通过“文件 → 导入指南包…”导入。</translation>
    </message>
    <message>
        <source>The guidelines changed what this means: answer it again.</source>
        <translation>指南改变了此问题的含义：请重新作答。</translation>
    </message>
    <message>
        <source>Submitted {when}.</source>
        <translation>已于 {when} 提交。</translation>
    </message>
    <message>
        <source>Not synced yet: Amend (Ctrl+E) to correct it.</source>
        <translation>尚未同步：可按“修改”(Ctrl+E) 更正。</translation>
    </message>
    <message>
        <source>Skipped: {reason}</source>
        <translation>已跳过：{reason}</translation>
    </message>
    <message>
        <source>The guidelines changed: answer these again: {questions}</source>
        <translation>指南已更新，请重新回答这些问题：{questions}</translation>
    </message>
    <message>
        <source>The guidelines changed ({old} → {new}); you will review the changes before your next submit.</source>
        <translation>指南已更新（{old} → {new}）；下次提交前，你将先查看变更内容。</translation>
    </message>
    <message>
        <source>Amending a submitted judgment.</source>
        <translation>正在修改已提交的评判。</translation>
    </message>
    <message>
        <source>Amend (Ctrl+E) to revise and resubmit.</source>
        <translation>可按“修改”(Ctrl+E) 修订后重新提交。</translation>
    </message>
    <message>
        <source>Your lead corrected the answers and accepted the judgment.</source>
        <translation>组长修正了答案并接受了这条判断。</translation>
    </message>
    <message>
        <source>Your revision goes back to your lead when you submit it.</source>
        <translation>提交后，你的修订会交回组长。</translation>
    </message>
    <message>
        <source>You revised it; your lead will review the revision.</source>
        <translation>你已修订，组长会审阅修订版。</translation>
    </message>
    <message>
        <source>Returned by your lead:</source>
        <translation>组长退回：</translation>
    </message>
    <message>
        <source>Corrected by your lead:</source>
        <translation>组长已修正：</translation>
    </message>
    <message>
        <source>Corrected by your lead</source>
        <translation>组长已修正</translation>
    </message>
    <message>
        <source>Accepted by your lead:</source>
        <translation>组长已接受：</translation>
    </message>
    <message>
        <source>Accepted by your lead</source>
        <translation>组长已接受</translation>
    </message>
    <message>
        <source>Reviewed {when}</source>
        <translation>审阅于 {when}</translation>
    </message>
    <message>
        <source>Could not save the draft: {error}</source>
        <translation>无法保存草稿：{error}</translation>
    </message>
    <message>
        <source>Already submitted: Amend (Ctrl+E) to correct it.</source>
        <translation>已提交：可按“修改”(Ctrl+E) 更正。</translation>
    </message>
    <message>
        <source>Not submitted: {n} answer(s) need attention.</source>
        <translation>未提交：有 {n} 个回答需要处理。</translation>
    </message>
    <message>
        <source>Not submitted: {error}</source>
        <translation>未提交：{error}</translation>
    </message>
    <message>
        <source>{title}: {old} → {new}</source>
        <translation>{title}：{old} → {new}</translation>
    </message>
    <message>
        <source>Read what changed, then confirm to go on submitting.</source>
        <translation>请阅读变更内容，确认后即可继续提交。</translation>
    </message>
</context>
<context>
    <name>BatchesPanel</name>
    <message>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已交付</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Judged</source>
        <translation>已标注</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>QC flagged</source>
        <translation>质检标记</translation>
    </message>
    <message>
        <source>Batches and their states</source>
        <translation>批次及其状态</translation>
    </message>
    <message>
        <source>Accept &amp;batch</source>
        <translation>整批通过(&amp;B)</translation>
    </message>
    <message>
        <source>Accept the selected batch</source>
        <translation>通过所选批次</translation>
    </message>
    <message>
        <source>Accept every judgment of a checked batch that nobody reviewed one by one</source>
        <translation>通过已检查批次中所有未逐条审核的标注</translation>
    </message>
    <message>
        <source>Batch problem</source>
        <translation>批次问题</translation>
    </message>
    <message>
        <source>Choose a batch first.</source>
        <translation>请先选择一个批次。</translation>
    </message>
</context>
<context>
    <name>CheatSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Shortcuts can be changed in Settings. Keys in the rubric form are fixed.</source>
        <translation>快捷键可在“设置”中更改；评分标准表单中的按键是固定的。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>ChoiceEditor</name>
    <message>
        <source>Response {0}: {1}</source>
        <translation>回复 {0}：{1}</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the answer for response {0}</source>
        <translation>清除回复 {0} 的答案</translation>
    </message>
    <message>
        <source>Clear the choice</source>
        <translation>清除选择</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Prefdesk ran into a problem</source>
        <translation>Prefdesk 遇到了问题</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your saved work is safe in the local store. If this keeps happening, send the report to your project lead.</source>
        <translation>发生了意外错误。已保存的工作安全地保存在本地存储中。如果问题反复出现，请把报告发给项目负责人。</translation>
    </message>
    <message>
        <source>Details were written to: {path}</source>
        <translation>详细信息已写入：{path}</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>The report is on the clipboard.</source>
        <translation>报告已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>Bias diagnostics</source>
        <translation>偏差诊断</translation>
    </message>
    <message>
        <source>Position and length bias for {0} annotators; {1} flagged.</source>
        <translation>{0} 位标注员的位置偏差与长度偏差；{1} 位被标记。</translation>
    </message>
    <message>
        <source>position {0}</source>
        <translation>位置 {0}</translation>
    </message>
    <message>
        <source>no position bias</source>
        <translation>无位置偏差</translation>
    </message>
    <message>
        <source>share of first picks</source>
        <translation>首选占比</translation>
    </message>
    <message>
        <source>by displayed position</source>
        <translation>（按展示位置）</translation>
    </message>
    <message>
        <source>length preference ρ</source>
        <translation>长度偏好 ρ</translation>
    </message>
    <message>
        <source>(&gt; 0: the longer answer wins)</source>
        <translation>（&gt; 0：偏向更长的回答）</translation>
    </message>
    <message>
        <source>QC findings per rule</source>
        <translation>各规则的质检发现</translation>
    </message>
    <message>
        <source>{0} QC findings over {1} rules.</source>
        <translation>{1} 条规则共 {0} 项质检发现。</translation>
    </message>
    <message>
        <source>No QC findings</source>
        <translation>没有质检发现</translation>
    </message>
    <message>
        <source>findings (one judgment may break several rules)</source>
        <translation>发现数（一条评判可能触犯多条规则）</translation>
    </message>
    <message>
        <source>{0} flagged by a QC threshold</source>
        <translation>{0} 超出质检阈值而被标记</translation>
    </message>
    <message>
        <source>Batch progress</source>
        <translation>批次进度</translation>
    </message>
    <message>
        <source>{0} batches; {1} of {2} expected judgments made.</source>
        <translation>{0} 个批次；预期 {2} 条评判，已完成 {1} 条。</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>otherwise reviewed</source>
        <translation>其他审阅结果</translation>
    </message>
    <message>
        <source>judged, not reviewed</source>
        <translation>已评判，未审阅</translation>
    </message>
    <message>
        <source>not judged yet</source>
        <translation>尚未评判</translation>
    </message>
    <message>
        <source>{0} QC</source>
        <translation>{0} 项质检</translation>
    </message>
    <message>
        <source>judgments (expected = items × overlap)</source>
        <translation>评判数（预期 = 条目数 × 重叠数）</translation>
    </message>
    <message>
        <source>Throughput per annotator</source>
        <translation>每位标注员的产出速度</translation>
    </message>
    <message>
        <source>Judgments per hour for {0} annotators; {1} flagged.</source>
        <translation>{0} 位标注员每小时的评判数；{1} 位被标记。</translation>
    </message>
    <message>
        <source>judgments per hour of active time</source>
        <translation>每活跃小时的评判数</translation>
    </message>
    <message>
        <source>Gold accuracy and agreement over time</source>
        <translation>金标准确率与一致性随时间的变化</translation>
    </message>
    <message>
        <source>Gold accuracy and agreement over {0} days.</source>
        <translation>{0} 天内的金标准确率与一致性。</translation>
    </message>
    <message>
        <source>judgments that day (right axis)</source>
        <translation>当天评判数（右轴）</translation>
    </message>
    <message>
        <source>judgments</source>
        <translation>评判数</translation>
    </message>
    <message>
        <source>gold accuracy</source>
        <translation>金标准确率</translation>
    </message>
    <message>
        <source>agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>accuracy, agreement</source>
        <translation>准确率、一致性</translation>
    </message>
    <message>
        <source>No gold answers or overlapping judgments yet</source>
        <translation>尚无金标答案或重叠评判</translation>
    </message>
    <message>
        <source>UTC day (a gap: no data that day)</source>
        <translation>UTC 日期（断开处：当天无数据）</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已交付</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Judgments</source>
        <translation>评判数</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>每小时</translation>
    </message>
    <message>
        <source>Gold accuracy</source>
        <translation>金标准确率</translation>
    </message>
    <message>
        <source>Peer agreement</source>
        <translation>同伴一致性</translation>
    </message>
    <message>
        <source>Position bias p</source>
        <translation>位置偏差 p</translation>
    </message>
    <message>
        <source>Length ρ</source>
        <translation>长度 ρ</translation>
    </message>
    <message>
        <source>QC findings</source>
        <translation>质检发现</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>peer agreement</source>
        <translation>同伴一致性</translation>
    </message>
    <message>
        <source>position bias</source>
        <translation>位置偏差</translation>
    </message>
    <message>
        <source>length bias</source>
        <translation>长度偏差</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0}（共 {1} 题）</translation>
    </message>
    <message>
        <source>Flagged: {0}</source>
        <translation>已标记：{0}</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Pairs agreeing</source>
        <translation>一致的配对</translation>
    </message>
    <message>
        <source>Fleiss κ</source>
        <translation>Fleiss κ</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>条目数</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>标注员数</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Judged</source>
        <translation>已评判</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>QC flagged</source>
        <translation>质检标记</translation>
    </message>
    <message>
        <source>QC rule</source>
        <translation>质检规则</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现数</translation>
    </message>
</context>
<context>
    <name>DashboardReport</name>
    <message>
        <source>None yet.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>QC report: {0}</source>
        <translation>质检报告：{0}</translation>
    </message>
    <message>
        <source>Generated {0} · {1} judgments · {2} annotators</source>
        <translation>生成于 {0} · {1} 条评判 · {2} 位标注员</translation>
    </message>
    <message>
        <source>en</source>
        <translation>zh-CN</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>暂无数据。</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Agreement by question</source>
        <translation>各问题的一致性</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>QC findings</source>
        <translation>质检发现</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>QC dashboard</source>
        <translation>质检看板</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>About this report</source>
        <translation>关于此报告</translation>
    </message>
    <message>
        <source>Notes from the server</source>
        <translation>服务器的说明</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <source>No data yet: nobody has submitted a judgment in this project.</source>
        <translation>暂无数据：此项目中还没有人提交评判。</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Chart tabs</source>
        <translation>图表标签页</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Agreement by question</source>
        <translation>各问题的一致性</translation>
    </message>
    <message>
        <source>No report yet.</source>
        <translation>尚无报告。</translation>
    </message>
    <message>
        <source>QC dashboard: {0}</source>
        <translation>质检看板：{0}</translation>
    </message>
    <message>
        <source>Generated {0} · {1} judgments · {2} annotators</source>
        <translation>生成于 {0} · {1} 条评判 · {2} 位标注员</translation>
    </message>
    <message>
        <source>&amp;Batches</source>
        <translation>批次(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Throughput</source>
        <translation>产出速度(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quality over time</source>
        <translation>质量趋势(&amp;Q)</translation>
    </message>
    <message>
        <source>B&amp;ias</source>
        <translation>偏差(&amp;I)</translation>
    </message>
    <message>
        <source>QC &amp;findings</source>
        <translation>质检发现(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Agreement by question</source>
        <translation>各问题一致性(&amp;A)</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>QC dashboard — Prefdesk</source>
        <translation>质检看板 — Prefdesk</translation>
    </message>
    <message>
        <source>QC dashboard</source>
        <translation>质检看板</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>看板(&amp;D)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Ask the server for a fresh report</source>
        <translation>向服务器获取最新报告</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>导出 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Save every chart as a PNG file in a folder</source>
        <translation>将每张图表各存为一个 PNG 文件，放入一个文件夹</translation>
    </message>
    <message>
        <source>Export &amp;HTML…</source>
        <translation>导出 HTML(&amp;H)…</translation>
    </message>
    <message>
        <source>Save the whole dashboard as one HTML file</source>
        <translation>将整个看板存为一个 HTML 文件</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Loading the report…</source>
        <translation>正在加载报告…</translation>
    </message>
    <message>
        <source>Report of {0}</source>
        <translation>{0} 的报告</translation>
    </message>
    <message>
        <source>Refresh failed: {0} (showing the report of {1})</source>
        <translation>刷新失败：{0}（显示的是 {1} 的报告）</translation>
    </message>
    <message>
        <source>Export the charts as PNG into</source>
        <translation>将图表导出为 PNG，保存到</translation>
    </message>
    <message>
        <source>Export the dashboard as HTML</source>
        <translation>将看板导出为 HTML</translation>
    </message>
    <message>
        <source>HTML report (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved {0} file(s) to {1}</source>
        <translation>已将 {0} 个文件保存到 {1}</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>TRL preference (prompt, chosen, rejected)</source>
        <extracomment>(format id, what a lead reads) in the order shown; ids are the server&apos;s format names.</extracomment>
        <translation>TRL 偏好数据(prompt、chosen、rejected)</translation>
    </message>
    <message>
        <source>TRL preference, conversational messages</source>
        <translation>TRL 偏好数据,对话消息格式</translation>
    </message>
    <message>
        <source>Reward model (implicit prompt)</source>
        <translation>奖励模型(隐式提示)</translation>
    </message>
    <message>
        <source>KTO unpaired (prompt, completion, label)</source>
        <translation>KTO 非配对(prompt、completion、label)</translation>
    </message>
    <message>
        <source>SFT from rewrites (messages)</source>
        <translation>由改写生成的 SFT(messages)</translation>
    </message>
    <message>
        <source>OpenAI preference fine-tuning JSONL</source>
        <translation>OpenAI 偏好微调 JSONL</translation>
    </message>
    <message>
        <source>Parquet, one row per judgment with provenance</source>
        <translation>Parquet,每条标注一行,含来源信息</translation>
    </message>
    <message>
        <source>CSV, one row per judgment</source>
        <translation>CSV,每条标注一行</translation>
    </message>
    <message>
        <source>Export delivery</source>
        <translation>导出交付数据</translation>
    </message>
    <message>
        <source>Deliver project {0} as a zip with a manifest (counts and sha256).</source>
        <translation>将项目 {0} 导出为带清单(数量和 sha256)的 zip 文件。</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Accepted judgments only</source>
        <translation>仅已通过的标注</translation>
    </message>
    <message>
        <source>Leave out judgments made under an older pack</source>
        <translation>排除在旧版准则包下做出的标注</translation>
    </message>
    <message>
        <source>Keep tied pairs</source>
        <translation>保留并列的配对</translation>
    </message>
    <message>
        <source>Only items whose annotators agree at least</source>
        <translation>仅保留标注员一致度至少为</translation>
    </message>
    <message>
        <source>Minimum agreement</source>
        <translation>最低一致度</translation>
    </message>
    <message>
        <source>Mean over annotator pairs: Kendall tau-b on rankings, exact match otherwise</source>
        <translation>标注员两两之间的平均值:排序用 Kendall tau-b,其他用完全一致</translation>
    </message>
</context>
<context>
    <name>DemoSync</name>
    <message>
        <source>The demo server did not start ({0}); the demo works offline.</source>
        <translation>演示服务器未能启动（{0}）；演示将离线运行。</translation>
    </message>
</context>
<context>
    <name>FlagsEditor</name>
    <message>
        <source>None apply</source>
        <translation>均不适用</translation>
    </message>
    <message>
        <source>Response {0}: {1}</source>
        <translation>回复 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>GuidelinePanel</name>
    <message>
        <source>Guidelines</source>
        <translation>指南</translation>
    </message>
    <message>
        <source>Guideline page</source>
        <translation>指南页面</translation>
    </message>
    <message>
        <source>Guideline text</source>
        <translation>指南正文</translation>
    </message>
    <message>
        <source>No guidelines</source>
        <translation>暂无指南</translation>
    </message>
</context>
<context>
    <name>ImageThumbnail</name>
    <message>
        <source>{title} — press Enter to enlarge</source>
        <translation>{title} — 按 Enter 放大</translation>
    </message>
</context>
<context>
    <name>ImageZoomDialog</name>
    <message>
        <source>Image area</source>
        <translation>图片区域</translation>
    </message>
    <message>
        <source>Zoom level</source>
        <translation>缩放比例</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Fit to window (F)</source>
        <translation>适应窗口 (F)</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Actual size (0)</source>
        <translation>实际大小 (0)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent}%</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Import task pack</source>
        <translation>导入任务包</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing… {rows} items read</source>
        <translation>正在导入… 已读取 {rows} 条</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Nothing was imported.

{detail}</source>
        <translation>未导入任何内容。

{detail}</translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    <message>
        <source>Prefdesk is already open</source>
        <translation>Prefdesk 已在运行</translation>
    </message>
    <message>
        <source>Prefdesk is already open on the profile {profile} (process {pid} on {host}). Switch to that window, or close it and try again.</source>
        <extracomment>Exit status of a second instance (sysexits&apos; EX_TEMPFAIL: try again once the other closes).</extracomment>
        <translation>Prefdesk 已打开配置文件夹 {profile}（{host} 上的进程 {pid}）。请切换到那个窗口，或将其关闭后重试。</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <source>Item</source>
        <extracomment>The conversation pane is never smaller than this, nor larger than this share of the view.</extracomment>
        <translation>条目</translation>
    </message>
    <message>
        <source>Choose an item in the queue.</source>
        <translation>请在队列中选择一个条目。</translation>
    </message>
</context>
<context>
    <name>LeadDesk</name>
    <message>
        <source>&amp;Review queue…</source>
        <translation>审核队列(&amp;R)…</translation>
    </message>
    <message>
        <source>QC &amp;dashboard…</source>
        <translation>质检看板(&amp;D)…</translation>
    </message>
    <message>
        <source>This account is not a lead or admin of any project.</source>
        <translation>此账号不是任何项目的组长或管理员。</translation>
    </message>
</context>
<context>
    <name>LinkConfirm</name>
    <message>
        <source>Link not opened</source>
        <translation>未打开链接</translation>
    </message>
    <message>
        <source>Only web (http, https) and mail links can be opened. This link was not:</source>
        <translation>只能打开网页（http、https）和邮件链接。此链接未被打开：</translation>
    </message>
    <message>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <source>This link comes from the item, not from Prefdesk. Open it?</source>
        <translation>此链接来自条目内容，而非 Prefdesk。要打开吗？</translation>
    </message>
    <message>
        <source>Goes to: {host}</source>
        <translation>目标：{host}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Prefdesk</source>
        <translation>Prefdesk</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Guidelines</source>
        <translation>指南</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Today&apos;s tally</source>
        <translation>今日统计</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import task pack…</source>
        <translation>导入任务包(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;guideline pack…</source>
        <translation>导入指南包(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Item</source>
        <translation>条目(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>提交(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;kip…</source>
        <translation>跳过(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Amend</source>
        <translation>修改(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Next item</source>
        <translation>下一条(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous item</source>
        <translation>上一条(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Go to the &amp;queue</source>
        <translation>转到队列(&amp;Q)</translation>
    </message>
    <message>
        <source>Go to the &amp;responses</source>
        <translation>转到回复(&amp;R)</translation>
    </message>
    <message>
        <source>Go to the r&amp;ubric</source>
        <translation>转到评分标准(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Lead</source>
        <translation>组长(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Search the queue</source>
        <translation>搜索队列(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ynchronized scrolling</source>
        <translation>同步滚动(&amp;Y)</translation>
    </message>
    <message>
        <source>Raw &amp;text</source>
        <translation>原始文本(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Guidelines</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <source>{name}: {added} items added, {unchanged} already present</source>
        <translation>{name}：新增 {added} 条，{unchanged} 条已存在</translation>
    </message>
    <message>
        <source>Import guideline pack</source>
        <translation>导入指南包</translation>
    </message>
    <message>
        <source>Guideline packs (*.zip);;All files (*)</source>
        <translation>指南包 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Guideline pack refused: {e}</source>
        <translation>指南包被拒绝：{e}</translation>
    </message>
    <message>
        <source>{title} {version}: {moved} drafts moved, {attention} need your attention</source>
        <translation>{title} {version}：已迁移 {moved} 份草稿，其中 {attention} 份需要你处理</translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <source>Could not open the store: {error}</source>
        <translation>无法打开本地数据库：{error}</translation>
    </message>
    <message>
        <source>{items} items in {batches} batches · {path}</source>
        <translation>{batches} 个批次共 {items} 条 · {path}</translation>
    </message>
    <message>
        <source>{n} returned to you</source>
        <translation>{n} 条被退回给你</translation>
    </message>
    <message>
        <source>No work yet: import a task pack with “prefdesk import PACK”.</source>
        <translation>暂无任务：请用“prefdesk import PACK”导入任务包。</translation>
    </message>
    <message>
        <source>Submitted.</source>
        <translation>已提交。</translation>
    </message>
    <message>
        <source>Skipped.</source>
        <translation>已跳过。</translation>
    </message>
    <message>
        <source>Today: {done} done · {rate:.0f}/h</source>
        <translation>今日：已完成 {done} 条 · {rate:.0f} 条/小时</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>出错了：{error}</translation>
    </message>
</context>
<context>
    <name>PackChangeDialog</name>
    <message>
        <source>Guidelines changed</source>
        <translation>指南已更新</translation>
    </message>
    <message>
        <source>What changed in the guidelines</source>
        <translation>指南的变更内容</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>I have read what changed</source>
        <translation>我已阅读变更内容</translation>
    </message>
    <message>
        <source>Acknowledge the changes</source>
        <translation>确认已知悉变更</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>PairwiseEditor</name>
    <message>
        <source>Winner</source>
        <translation>胜出者</translation>
    </message>
    <message>
        <source>{0} is better</source>
        <translation>{0} 更好</translation>
    </message>
    <message>
        <source>Tie</source>
        <translation>平局</translation>
    </message>
    <message>
        <source>Both bad</source>
        <translation>都不好</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>程度</translation>
    </message>
    <message>
        <source>How much better is {0}?</source>
        <translation>{0} 好多少？</translation>
    </message>
</context>
<context>
    <name>ProfileMenu</name>
    <message>
        <source>Export &amp;unsynced judgments…</source>
        <translation>导出未同步的判断(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Back up this profile…</source>
        <translation>备份此配置文件(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Restore a profile backup…</source>
        <translation>恢复配置文件备份(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;About Prefdesk</source>
        <translation>关于 Prefdesk(&amp;A)</translation>
    </message>
    <message>
        <source>Export unsynced judgments</source>
        <translation>导出未同步的判断</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Wrote {count} judgments the server has not acknowledged ({drafts} of them drafts) to {path}.</source>
        <translation>已将服务器尚未确认的 {count} 条判断（其中 {drafts} 条为草稿）写入 {path}。</translation>
    </message>
    <message>
        <source>Back up this profile</source>
        <translation>备份此配置文件</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
    <message>
        <source>Backed up this profile to {path}. The backup holds no password or token: after a restore, sign in again.</source>
        <translation>已将此配置文件备份到 {path}。备份中不含密码或令牌：恢复后请重新登录。</translation>
    </message>
    <message>
        <source>Restore a profile backup</source>
        <translation>恢复配置文件备份</translation>
    </message>
    <message>
        <source>Choose an empty folder for the restored profile</source>
        <translation>为恢复的配置文件选择一个空文件夹</translation>
    </message>
    <message>
        <source>Restored the profile into {folder}. To work in it, choose it as the data folder in Settings, or start Prefdesk with --data-dir {folder}. If the server has seen judgments this copy does not hold, its next sync gives it a new device id and resends what the server has not acknowledged.</source>
        <translation>已将配置文件恢复到 {folder}。要在其中工作，请在“设置”中将其选为数据文件夹，或用 --data-dir {folder} 启动 Prefdesk。如果服务器已收到此副本中没有的判断，下次同步时会为它分配新的设备 ID，并重新发送服务器尚未确认的内容。</translation>
    </message>
    <message>
        <source>The local store will be encrypted when Prefdesk next starts.</source>
        <translation>本地存储将在 Prefdesk 下次启动时加密。</translation>
    </message>
    <message>
        <source>The local store will be decrypted when Prefdesk next starts.</source>
        <translation>本地存储将在 Prefdesk 下次启动时解密。</translation>
    </message>
    <message>
        <source>The local store is encrypted; its key is kept in this computer&apos;s keyring. If the keyring is lost, so is the unsynced work in this profile.</source>
        <translation>本地存储已加密，其密钥保存在本机的密钥环中。若密钥环丢失，此配置中尚未同步的工作也将随之丢失。</translation>
    </message>
    <message>
        <source>The local store is not encrypted. Encrypt it to protect your work if this computer is lost; the change is made when Prefdesk next starts.</source>
        <translation>本地存储未加密。加密后，即使这台电脑丢失，您的工作也受到保护；更改将在 Prefdesk 下次启动时生效。</translation>
    </message>
    <message>
        <source>The local store is not encrypted: {problem}.</source>
        <translation>本地存储未加密：{problem}。</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>操作未成功：{error}</translation>
    </message>
    <message>
        <source>Prefdesk</source>
        <translation>Prefdesk</translation>
    </message>
</context>
<context>
    <name>QuestionBox</name>
    <message>
        <source>Required</source>
        <translation>必答</translation>
    </message>
    <message>
        <source>{0} (required)</source>
        <translation>{0}（必答）</translation>
    </message>
    <message>
        <source>Help for {0}</source>
        <translation>{0} 的说明</translation>
    </message>
    <message>
        <source>Problems with {0}</source>
        <translation>{0} 的问题</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>QC flags</source>
        <translation>质检标记</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>已修订</translation>
    </message>
    <message>
        <source>stale pack</source>
        <translation>旧版准则</translation>
    </message>
    <message>
        <source>late</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>待审核</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Search prompts…</source>
        <translation>搜索提示词…</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>搜索队列</translation>
    </message>
    <message>
        <source>Show items with status</source>
        <translation>按状态显示条目</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Batch / item</source>
        <extracomment>(batch id, rows already shown): the &quot;Show more&quot; row was chosen.</extracomment>
        <translation>批次 / 条目</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Work queue</source>
        <translation>工作队列</translation>
    </message>
    <message>
        <source>{done} of {total} done</source>
        <translation>已完成 {done} / {total}</translation>
    </message>
    <message>
        <source>Show more…</source>
        <translation>显示更多…</translation>
    </message>
    <message>
        <source>{n} returned</source>
        <translation>{n} 条退回</translation>
    </message>
    <message>
        <source>{n} sent back to you: choose “Returned” in the status filter to list them</source>
        <translation>{n} 条被退回给你：在状态筛选中选择“已退回”即可列出</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>已退回</translation>
    </message>
</context>
<context>
    <name>RankList</name>
    <message>
        <source>Tied. Double-click to split.</source>
        <extracomment>(row dragged, index it should end up at once removed from its old place) (row dragged, row it should share a place with)</extracomment>
        <translation>并列。双击可拆分。</translation>
    </message>
    <message>
        <source>Nothing ranked yet</source>
        <translation>尚未排序</translation>
    </message>
</context>
<context>
    <name>RankingEditor</name>
    <message>
        <source>Keyboard help</source>
        <translation>键盘操作说明</translation>
    </message>
    <message>
        <source>Ranking, best first</source>
        <translation>排序（最好的在前）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the ranking</source>
        <translation>清除排序</translation>
    </message>
    <message>
        <source>Ranking message</source>
        <translation>排序提示</translation>
    </message>
    <message>
        <source>This question does not allow ties.</source>
        <translation>此问题不允许并列。</translation>
    </message>
    <message>
        <source>Place a response first; = then ties the next one with it.</source>
        <translation>请先放置一个回复；之后按 = 可让下一个与它并列。</translation>
    </message>
    <message>
        <source>Tie: type the letter that shares place {0}.</source>
        <translation>并列：输入与第 {0} 名并列的字母。</translation>
    </message>
    <message>
        <source>{0} already has place {1}; Backspace removes the last one.</source>
        <translation>{0} 已排在第 {1} 名；按 Backspace 可撤销最后一个。</translation>
    </message>
    <message>
        <source> Type = before a letter to tie it with the place above.</source>
        <translation>在字母前输入 = 可使其与上一名并列。</translation>
    </message>
    <message>
        <source>Type the letters best first ({0}); Backspace undoes.</source>
        <translation>按从好到差的顺序输入字母（{0}）；按 Backspace 撤销。</translation>
    </message>
</context>
<context>
    <name>RatingEditor</name>
    <message>
        <source>Response {0}</source>
        <translation>回复 {0}</translation>
    </message>
    <message>
        <source>Response {0}: {1}</source>
        <translation>回复 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>ResponsePanel</name>
    <message>
        <source>Responses</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Responses side by side</source>
        <translation>并排显示回复</translation>
    </message>
    <message>
        <source>Responses in tabs</source>
        <translation>分页显示回复</translation>
    </message>
    <message>
        <source>Response {label}</source>
        <translation>回复 {label}</translation>
    </message>
</context>
<context>
    <name>ResponseView</name>
    <message>
        <source>Raw</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Show raw text of {title}</source>
        <translation>显示 {title} 的原始文本</translation>
    </message>
    <message>
        <source>Show the exact text the model wrote</source>
        <translation>显示模型输出的原始文本</translation>
    </message>
    <message>
        <source>{title}, raw text</source>
        <translation>{title}，原始文本</translation>
    </message>
</context>
<context>
    <name>ReviewContent</name>
    <message>
        <source>An amendment of an earlier judgment.</source>
        <translation>这是对之前一条标注的修订。</translation>
    </message>
    <message>
        <source>Made under an older guideline pack version.</source>
        <translation>在较旧的准则包版本下做出。</translation>
    </message>
    <message>
        <source>Arrived after the assignment&apos;s lease ran out.</source>
        <translation>在任务租期结束后才送达。</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修正</translation>
    </message>
</context>
<context>
    <name>ReviewDetail</name>
    <message>
        <source>Judgment under review</source>
        <translation>正在审核的标注</translation>
    </message>
    <message>
        <source>Judgment</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>QC findings</source>
        <translation>质检发现</translation>
    </message>
    <message>
        <source>Review history</source>
        <translation>审核记录</translation>
    </message>
    <message>
        <source>The annotator&apos;s answers</source>
        <translation>标注员的回答</translation>
    </message>
    <message>
        <source>Comment to the annotator</source>
        <translation>给标注员的意见</translation>
    </message>
    <message>
        <source>Comment to the annotator (required to return)</source>
        <translation>给标注员的意见(退回时必填)</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>通过(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>退回(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Fix…</source>
        <translation>修正(&amp;F)…</translation>
    </message>
    <message>
        <source>Accept &amp;with fix</source>
        <translation>修正后通过(&amp;W)</translation>
    </message>
    <message>
        <source>Accept (Ctrl+Enter)</source>
        <translation>通过(Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Accept the judgment</source>
        <translation>通过这条标注</translation>
    </message>
    <message>
        <source>Return the judgment with the comment</source>
        <translation>附上意见退回这条标注</translation>
    </message>
    <message>
        <source>Edit the answers to fix them</source>
        <translation>编辑回答以修正</translation>
    </message>
    <message>
        <source>Accept with your fixed answers</source>
        <translation>以你修正后的回答通过</translation>
    </message>
    <message>
        <source>Choose a judgment in the queue.</source>
        <translation>请在队列中选择一条标注。</translation>
    </message>
    <message>
        <source>The guideline pack is not available.</source>
        <translation>准则包不可用。</translation>
    </message>
    <message>
        <source>Write what the annotator should change, then Return.</source>
        <translation>请写明标注员需要修改什么,然后退回。</translation>
    </message>
</context>
<context>
    <name>ReviewNote</name>
    <message>
        <source>Your lead&apos;s review</source>
        <translation>组长的审阅</translation>
    </message>
    <message>
        <source>Your lead&apos;s comment</source>
        <translation>组长的意见</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <source>Review queue</source>
        <translation>审核队列</translation>
    </message>
    <message>
        <source>QC flag</source>
        <translation>质检标记</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Sampling rate</source>
        <translation>抽样比例</translation>
    </message>
    <message>
        <source>Flagged judgments are always kept; the rest are sampled</source>
        <translation>被标记的标注总会保留;其余按比例抽样</translation>
    </message>
    <message>
        <source>Sample seed</source>
        <translation>抽样种子</translation>
    </message>
    <message>
        <source>same seed, same sample</source>
        <translation>种子相同,样本相同</translation>
    </message>
    <message>
        <source>QC &amp;flag</source>
        <translation>质检标记(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>批次(&amp;B)</translation>
    </message>
    <message>
        <source>A&amp;nnotator</source>
        <translation>标注员(&amp;N)</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>审核(&amp;V)</translation>
    </message>
    <message>
        <source>Sa&amp;mple</source>
        <translation>抽样(&amp;M)</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>种子(&amp;E)</translation>
    </message>
    <message>
        <source>Judgments to review</source>
        <translation>待审核的标注</translation>
    </message>
    <message>
        <source>Queue size</source>
        <translation>队列大小</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>加载更多(&amp;M)</translation>
    </message>
    <message>
        <source>Load more judgments</source>
        <translation>加载更多标注</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>全部批次</translation>
    </message>
    <message>
        <source>All annotators</source>
        <translation>全部标注员</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Flagged by QC</source>
        <translation>被质检标记</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>未被标记</translation>
    </message>
    <message>
        <source>{0} of {1} shown</source>
        <translation>显示 {0} / {1}</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review — Prefdesk</source>
        <translation>审核 — Prefdesk</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Project </source>
        <translation>项目 </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export delivery…</source>
        <translation>导出交付数据…</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>Queue and batches</source>
        <translation>队列和批次</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Batches</source>
        <translation>批次(&amp;B)</translation>
    </message>
    <message>
        <source>Asking the server for your projects…</source>
        <translation>正在向服务器查询你的项目…</translation>
    </message>
    <message>
        <source>This account is not a lead or admin of any project.</source>
        <translation>此账号不是任何项目的组长或管理员。</translation>
    </message>
    <message>
        <source>Loading the queue…</source>
        <translation>正在加载队列…</translation>
    </message>
    <message>
        <source>{0} judgments match</source>
        <translation>{0} 条标注符合条件</translation>
    </message>
    <message>
        <source>Nothing to review with these filters.</source>
        <translation>在这些筛选条件下没有需要审核的内容。</translation>
    </message>
    <message>
        <source>Loading the judgment…</source>
        <translation>正在加载标注…</translation>
    </message>
    <message>
        <source>{0} · by {1} · pack {2} {3}</source>
        <translation>{0} · 标注员 {1} · 准则包 {2} {3}</translation>
    </message>
    <message>
        <source>Responses as the annotator saw them: {0}</source>
        <translation>标注员看到的回答顺序:{0}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Recorded: {0}</source>
        <translation>已记录:{0}</translation>
    </message>
    <message>
        <source>Save delivery</source>
        <translation>保存交付数据</translation>
    </message>
    <message>
        <source>Building the delivery…</source>
        <translation>正在生成交付数据…</translation>
    </message>
    <message>
        <source>Delivery saved to {0}</source>
        <translation>交付数据已保存到 {0}</translation>
    </message>
</context>
<context>
    <name>RewriteDiff</name>
    <message>
        <source>Changes against the source</source>
        <extracomment>emitted after every recompute, with the comparison (None while nothing is edited)</extracomment>
        <translation>相对源回复的改动</translation>
    </message>
    <message>
        <source>Edit distance</source>
        <translation>编辑距离</translation>
    </message>
    <message>
        <source>inserted</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Changes against {0}: {1}, {2}</source>
        <translation>相对 {0} 的改动：{1}，{2}</translation>
    </message>
    <message>
        <source>Your changes appear here.</source>
        <translation>你的改动会显示在这里。</translation>
    </message>
    <message>
        <source>Edit distance: no edits yet</source>
        <translation>编辑距离：尚无改动</translation>
    </message>
    <message>
        <source>1 word changed</source>
        <translation>改动了 1 个词</translation>
    </message>
    <message>
        <source>{0} words changed</source>
        <translation>改动了 {0} 个词</translation>
    </message>
    <message>
        <source>{0:+d} characters</source>
        <translation>{0:+d} 个字符</translation>
    </message>
    <message>
        <source>Edit distance: {0} · {1}</source>
        <translation>编辑距离：{0} · {1}</translation>
    </message>
    <message>
        <source>⋯ 1 unchanged word ⋯</source>
        <translation>⋯ 1 个词未改动 ⋯</translation>
    </message>
    <message>
        <source>⋯ {0} unchanged words ⋯</source>
        <translation>⋯ {0} 个词未改动 ⋯</translation>
    </message>
</context>
<context>
    <name>RewriteEditor</name>
    <message>
        <source>Source response</source>
        <translation>源回复</translation>
    </message>
    <message>
        <source>Start over from the source response</source>
        <translation>从源回复重新开始</translation>
    </message>
    <message>
        <source>Rewritten response</source>
        <translation>改写后的回复</translation>
    </message>
    <message>
        <source>Rank the rewrite as an extra candidate</source>
        <translation>将改写作为额外候选参与排序</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>起始回复：</translation>
    </message>
    <message>
        <source>Your rewrite</source>
        <translation>你的改写</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Start over from {0}</source>
        <translation>从 {0} 重新开始</translation>
    </message>
</context>
<context>
    <name>RubricForm</name>
    <message>
        <source>Rubric questions</source>
        <extracomment>Problem codes whose message names the response by its id (guidelines/answer_messages.py).</extracomment>
        <translation>评分标准问题</translation>
    </message>
    <message>
        <source>Problems with the answers</source>
        <translation>回答中的问题</translation>
    </message>
    <message>
        <source>{0} question(s) compare exactly two responses and do not apply to this item, which has {1}.</source>
        <translation>有 {0} 个问题只比较两条回复，不适用于本条目（本条目有 {1} 条回复）。</translation>
    </message>
    <message>
        <source>Questions left out</source>
        <translation>未显示的问题</translation>
    </message>
    <message>
        <source>Response {0}: {1}</source>
        <translation>回复 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>RubricPanel</name>
    <message>
        <source>Rubric</source>
        <translation>评分标准</translation>
    </message>
    <message>
        <source>Item state</source>
        <translation>条目状态</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Validate and submit (Ctrl+Enter)</source>
        <translation>检查并提交 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Submit the judgment</source>
        <translation>提交评判</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Skip this item with a reason</source>
        <translation>说明原因并跳过此条目</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Reopen the submitted judgment to correct it</source>
        <translation>重新打开已提交的评判以更正</translation>
    </message>
    <message>
        <source>Choose an item in the queue.</source>
        <translation>请在队列中选择一个条目。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>{action id: current portable key text} → {action id: what is wrong}; {} when all is well.</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Shortcuts</source>
        <translation>快捷键(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Profile</source>
        <translation>配置文件(&amp;P)</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language shows the next time Prefdesk starts.</source>
        <translation>更改的语言将在下次启动 Prefdesk 时生效。</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Scroll the responses &amp;together</source>
        <translation>同步滚动各条回复(&amp;T)</translation>
    </message>
    <message>
        <source>Side-by-side responses scroll as one; turn off to read them separately.</source>
        <translation>并排的回复一起滚动；关闭后可分别阅读。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <source>Open profile:</source>
        <translation>当前配置文件：</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>更改(&amp;C)…</translation>
    </message>
    <message>
        <source>Use the &amp;default</source>
        <translation>使用默认值(&amp;D)</translation>
    </message>
    <message>
        <source>A new data folder is opened the next time Prefdesk starts.</source>
        <translation>新的数据文件夹将在 Prefdesk 下次启动时打开。</translation>
    </message>
    <message>
        <source>&amp;Data folder:</source>
        <translation>数据文件夹(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Encrypt the local store</source>
        <translation>加密本地存储(&amp;E)</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>{user} on {server}</source>
        <translation>{server} 上的 {user}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>{folder} (the default)</source>
        <translation>{folder}（默认）</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Some shortcuts cannot work as set. Fix the marked rows on the Shortcuts tab.</source>
        <translation>部分快捷键按当前设置无法使用，请修正“快捷键”页中标出的行。</translation>
    </message>
</context>
<context>
    <name>ShortcutEditor</name>
    <message>
        <source>Select a shortcut and press the new keys. Backspace removes it; Esc undoes a change you have just made.</source>
        <translation>选中一个快捷键后按下新的组合键。按退格键（Backspace）删除该快捷键；按 Esc 撤销刚才的更改。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset “{0}”</source>
        <translation>重置“{0}”</translation>
    </message>
    <message>
        <source>Reset &amp;all to defaults</source>
        <translation>全部恢复默认(&amp;A)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Back to the default: {0}</source>
        <translation>恢复为默认值：{0}</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Judging</source>
        <translation>评判</translation>
    </message>
    <message>
        <source>Moving around</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>In the rubric form</source>
        <translation>评分标准表单内</translation>
    </message>
    <message>
        <source>Server and sync</source>
        <translation>服务器与同步</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>Submit the judgment</source>
        <translation>提交评判</translation>
    </message>
    <message>
        <source>Skip the item (asks why)</source>
        <translation>跳过条目（需说明原因）</translation>
    </message>
    <message>
        <source>Amend a submitted judgment</source>
        <translation>修改已提交的评判</translation>
    </message>
    <message>
        <source>Next item</source>
        <translation>下一条</translation>
    </message>
    <message>
        <source>Previous item</source>
        <translation>上一条</translation>
    </message>
    <message>
        <source>Go to the queue</source>
        <translation>转到队列</translation>
    </message>
    <message>
        <source>Go to the responses</source>
        <translation>转到回复</translation>
    </message>
    <message>
        <source>Go to the rubric</source>
        <translation>转到评分标准</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>搜索队列</translation>
    </message>
    <message>
        <source>Scroll the responses together or apart</source>
        <translation>切换回复同步滚动</translation>
    </message>
    <message>
        <source>Show responses as raw text or formatted</source>
        <translation>切换回复的原文 / 格式化显示</translation>
    </message>
    <message>
        <source>Show or hide the guidelines</source>
        <translation>显示或隐藏指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Import a task pack</source>
        <translation>导入任务包</translation>
    </message>
    <message>
        <source>Import a guideline pack</source>
        <translation>导入指南包</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Sign in to a server</source>
        <translation>登录服务器</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Open the review queue</source>
        <translation>打开审核队列</translation>
    </message>
    <message>
        <source>Open the QC dashboard</source>
        <translation>打开质检看板</translation>
    </message>
    <message>
        <source>Ranking: place the response with this letter next</source>
        <translation>排序：将该字母对应的回复排到下一名</translation>
    </message>
    <message>
        <source>Ranking: tie the next letter with the place above</source>
        <translation>排序：使下一个字母与上一名并列</translation>
    </message>
    <message>
        <source>Ranking: move the selected place up or down</source>
        <translation>排序：上移或下移选中的名次</translation>
    </message>
    <message>
        <source>Rating: pick the point with that number</source>
        <translation>评分：选择对应数字的分值</translation>
    </message>
    <message>
        <source>Flags: tick or untick that flag</source>
        <translation>标记：勾选或取消对应标记</translation>
    </message>
    <message>
        <source>Flags: none apply</source>
        <translation>标记：均不适用</translation>
    </message>
    <message>
        <source>Undo the last place, or clear the answer</source>
        <translation>撤销最后一个名次，或清除答案</translation>
    </message>
    <message>
        <source>Go to the next response or question</source>
        <translation>转到下一条回复或下一个问题</translation>
    </message>
    <message>
        <source>Go to the next or previous control</source>
        <translation>转到下一个或上一个控件</translation>
    </message>
    <message>
        <source>“{keys}” is not a key combination.</source>
        <translation>“{keys}”不是有效的组合键。</translation>
    </message>
    <message>
        <source>{keys} is needed for typing and the rubric form; add Ctrl, Alt or Meta.</source>
        <translation>{keys} 用于输入文字和评分标准表单；请加上 Ctrl、Alt 或 Meta。</translation>
    </message>
    <message>
        <source>{keys} is the shortcut for both “{first}” and “{second}”.</source>
        <translation>{keys} 同时是“{first}”和“{second}”的快捷键。</translation>
    </message>
    <message>
        <source>{first_keys} (“{first}”) and {second_keys} (“{second}”) start alike.</source>
        <translation>{first_keys}（“{first}”）与 {second_keys}（“{second}”）开头相同，会互相冲突。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to a Prefdesk server</source>
        <translation>登录 Prefdesk 服务器</translation>
    </message>
    <message>
        <source>Your vendor gives you the server address, your username and an API token. The token is kept in your system&apos;s keyring, never in a file.</source>
        <translation>供应商会给你服务器地址、用户名和 API 令牌。令牌保存在系统的密钥环中，绝不会写入文件。</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <source>Paste your token</source>
        <translation>粘贴你的令牌</translation>
    </message>
    <message>
        <source>CA bundle file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <source>Only for a vendor intranet</source>
        <translation>仅用于供应商内网</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose a CA bundle file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>API &amp;token:</source>
        <translation>API 令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;CA bundle:</source>
        <translation>CA 证书(&amp;C)：</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <source>Checking the server</source>
        <translation>正在检查服务器</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>the server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>your username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>the API token</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <source>Please fill in {what}.</source>
        <translation>请填写{what}。</translation>
    </message>
    <message>
        <source>Choose a CA bundle</source>
        <translation>选择 CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <source>Could not sign in: {error}</source>
        <extracomment>(server URL, username, token, CA bundle) -&gt; raises ``SignInError`` unless the server accepts them.</extracomment>
        <translation>无法登录：{error}</translation>
    </message>
    <message>
        <source>“{d}” is not a server address: it starts with https://.</source>
        <translation>“{d}”不是服务器地址：地址应以 https:// 开头。</translation>
    </message>
    <message>
        <source>“{d}” is not encrypted (http): use the https:// address, so your token cannot be read on the way.</source>
        <translation>“{d}”未加密（http）：请使用 https:// 地址，以免令牌在传输途中被读取。</translation>
    </message>
    <message>
        <source>The CA bundle cannot be used: {d}</source>
        <translation>无法使用该 CA 证书：{d}</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your connection. ({d})</source>
        <translation>无法连接服务器。请检查地址和网络连接。（{d}）</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again later. ({d})</source>
        <translation>服务器未及时响应，请稍后再试。（{d}）</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted: {d}. If your vendor uses its own certificate authority, choose its CA bundle file.</source>
        <translation>服务器证书不受信任：{d}。如果供应商使用自己的证书颁发机构，请选择其 CA 证书文件。</translation>
    </message>
    <message>
        <source>The server refused this token: check it, or ask your vendor for a new one.</source>
        <translation>服务器拒绝了此令牌：请检查令牌，或向供应商索取新令牌。</translation>
    </message>
    <message>
        <source>This Prefdesk is too old for the server: update the app. {d}</source>
        <translation>此 Prefdesk 版本过旧，服务器不再支持：请更新应用。{d}</translation>
    </message>
    <message>
        <source>This token belongs to “{d}”, not to the username you typed.</source>
        <translation>此令牌属于“{d}”，而不是你输入的用户名。</translation>
    </message>
    <message>
        <source>No Prefdesk server answers at this address ({d}).</source>
        <translation>此地址没有 Prefdesk 服务器响应（{d}）。</translation>
    </message>
    <message>
        <source>The server had a problem: {d}. Try again later.</source>
        <translation>服务器出现问题：{d}。请稍后再试。</translation>
    </message>
</context>
<context>
    <name>SkipDialog</name>
    <message>
        <source>Skip this item</source>
        <translation>跳过此条目</translation>
    </message>
    <message>
        <source>Why are you skipping it?</source>
        <translation>为什么跳过？</translation>
    </message>
    <message>
        <source>&amp;Other:</source>
        <translation>其他(&amp;O)：</translation>
    </message>
    <message>
        <source>Skip reason in your words</source>
        <translation>用你自己的话说明跳过原因</translation>
    </message>
    <message>
        <source>Say why, briefly</source>
        <translation>简要说明原因</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Synced, but {count} changes were skipped: {first}</source>
        <translation>已同步，但跳过了 {count} 项更改：{first}</translation>
    </message>
    <message>
        <source>Synced; some judgments need your attention: {detail}</source>
        <translation>已同步；部分评判需要你处理：{detail}</translation>
    </message>
    <message>
        <source>Offline: your work is kept and will be sent when the server answers.</source>
        <translation>离线：你的工作已保存，服务器恢复响应后会自动发送。</translation>
    </message>
    <message>
        <source>The server no longer accepts your token: sign in again.</source>
        <translation>服务器不再接受你的令牌：请重新登录。</translation>
    </message>
    <message>
        <source>This Prefdesk is too old for the server: update it to sync.</source>
        <translation>此 Prefdesk 版本过旧：请更新后再同步。</translation>
    </message>
    <message>
        <source>Another sync is running or the server is busy; Prefdesk will try again shortly.</source>
        <translation>另一次同步正在进行或服务器繁忙；Prefdesk 稍后会自动重试。</translation>
    </message>
    <message>
        <source>Sync failed: {detail}</source>
        <translation>同步失败：{detail}</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync state</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <source>Judgments waiting to be sent</source>
        <translation>等待发送的评判</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n 条待发送</numerusform>
        </translation>
    </message>
    <message>
        <source>all sent</source>
        <translation>已全部发送</translation>
    </message>
    <message>
        <source>Receiving {done} of {total}</source>
        <translation>正在接收 {done} / {total}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>重新登录</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Update the app</source>
        <translation>更新应用</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>synced just now</source>
        <translation>刚刚同步</translation>
    </message>
    <message numerus="yes">
        <source>synced %n min ago</source>
        <translation>
            <numerusform>%n 分钟前同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>synced %n h ago</source>
        <translation>
            <numerusform>%n 小时前同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>synced %n days ago</source>
        <translation>
            <numerusform>%n 天前同步</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TextEditor</name>
    <message>
        <source>{0}, response {1}</source>
        <translation>{0}，回复 {1}</translation>
    </message>
</context>
<context>
    <name>TextField</name>
    <message>
        <source>Character count for {0}</source>
        <translation>{0} 的字数</translation>
    </message>
    <message>
        <source>{0} characters ({1}–{2})</source>
        <translation>{0} 个字符（{1}–{2}）</translation>
    </message>
    <message>
        <source>{0} characters (at least {1})</source>
        <translation>{0} 个字符（至少 {1}）</translation>
    </message>
    <message>
        <source>{0} / {1} characters</source>
        <translation>{0} / {1} 个字符</translation>
    </message>
    <message>
        <source>{0} characters</source>
        <translation>{0} 个字符</translation>
    </message>
</context>
<context>
    <name>TurnCard</name>
    <message>
        <source>{role} text</source>
        <translation>{role} 文本</translation>
    </message>
    <message>
        <source>Image {n} of the {role} turn</source>
        <translation>{role} 轮次中的第 {n} 张图片</translation>
    </message>
    <message>
        <source>[image not shown: {type}]</source>
        <translation>[未显示的图片：{type}]</translation>
    </message>
    <message>
        <source>System prompt preview</source>
        <translation>系统提示词预览</translation>
    </message>
    <message>
        <source>Hide system prompt</source>
        <translation>隐藏系统提示词</translation>
    </message>
    <message>
        <source>Show system prompt</source>
        <translation>显示系统提示词</translation>
    </message>
</context>
<context>
    <name>UnrankedBar</name>
    <message>
        <source>Unranked:</source>
        <translation>未排序：</translation>
    </message>
    <message>
        <source>Place {0} next</source>
        <translation>将 {0} 排到下一名</translation>
    </message>
    <message>
        <source>Place {0} next (key {1})</source>
        <translation>将 {0} 排到下一名（按键 {1}）</translation>
    </message>
</context>
<context>
    <name>host</name>
    <message>
        <source>Key {0}</source>
        <translation>按键 {0}</translation>
    </message>
</context>
</TS>
