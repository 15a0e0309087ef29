#ifndef RG_HOT_H
#define RG_HOT_H
/*
  RG_HOT marks a function on the path every statement takes: the audit
  notification, gathering the policy's facts, the policy itself, and the
  classifier's common path for statement text.

  Between two statements the server's own work evicts the plugin's code
  from the CPU's caches and TLBs, so what a statement pays for the plugin
  is mostly the code pages and lines it enters, not the instructions it
  runs (bench/filter-overhead --paired: functions of a few instructions
  were charged 50-75 ns each, most of it on their first instruction).
  RG_HOT puts the function in a .text.hot.* section, which the linker lays
  out together: a statement runs through a few adjacent pages of the
  plugin's code, not one page per source file. A section, not GCC's
  attribute hot, which also changes how the function is optimised
  (bench/classify measured the classifier 2-7 % slower with it).
*/
#if defined(__GNUC__)
#define RG_HOT __attribute__((section(".text.hot.rg")))
#else
#define RG_HOT
#endif

/*
  RG_HOT_DATA marks a variable every statement reads (a setting, a flag, a
  counter): it goes to .data, a few kilobytes in all, instead of .bss,
  where the plugin's large tables would put it pages apart from the
  others. For the same reason as RG_HOT: each page a statement touches
  costs it a TLB entry that the server's own work keeps evicting.
*/
#if defined(__GNUC__)
#define RG_HOT_DATA __attribute__((section(".data.rg_hot")))
#else
#define RG_HOT_DATA
#endif

#endif
