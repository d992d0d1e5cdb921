# Watch one page migrate: the PTE that maps the old frame, the migration
# entry that replaces it, the TLB flush, the copy, and the PTE that maps
# the new frame. docs/DEBUGGING.md walks through it; the steps follow
# mm/migrate.c:
#
#   migrate_pages()          compaction hands over its isolated pages
#     migrate_page_prepare() lock, get a new frame (each page of a batch)
#     migrate_page_unmap()   try_to_migrate(): every PTE of the page ->
#                            migration entry (the batch under one lock)
#     migrate_batch_flush()  one TLB flush for the whole batch
#     copy_highpage()        the 4 KiB (each page of the batch)
#     migrate_page_move()    remove_migration_ptes(): every migration
#                            entry -> PTE of the new frame
#     release_pages()        the old frames of the batch, freed together
#
# Use: in gdb (make debug), with the guest running or stopped,
#   (gdb) source tools/gdb/migrate-walkthrough.gdb
# then type in the serial console (make console):
#   mm> mkfrag random 10
#   mm> compact
# The script stops by itself at each step and prints what changed. It uses
# at most two hardware breakpoints at a time and deletes its own. It turns
# pagination off: a "--Type <RET>--" prompt would hold up the guest.

set pagination off

echo \n=== waiting for compaction: type `mkfrag random 10` then `compact` in the console\n
hbreak migrate_pages
continue
delete $bpnum
echo \n=== 0. migrate_pages(): compaction hands over a list of isolated pages\n
bt 3

# The first page that is actually unmapped (a page can have been freed
# meanwhile, or be pinned: migrate_page_unmap() then returns non-zero).
hbreak migrate_page_unmap
set $rc = 1
while $rc != 0
  continue
  set $src = src
  set $old_pfn = $page_to_pfn($src)
  set $va = $page_vaddr($src)
  echo \n=== 1. migrate_page_unmap(src): the page and the PTE that maps it\n
  printf "src = (struct page *) %#lx, old pfn %#lx, mapped at %#lx\n", $src, $old_pfn, $va
  mm-page $src
  mm-pte workload $va
  finish
  set $rc = (int)$rax
  if $rc != 0
    printf "migrate_page_unmap returned %d: not unmapped, trying the next page\n", $rc
  end
end
delete $bpnum

echo \n=== 2. after try_to_migrate(): the PTE is a migration entry (not present, old pfn kept)\n
mm-pte workload $va
printf "$pte = %#lx, $is_migration_entry = %d, $pte_pfn = %#lx\n", $pte(workload, $va), $is_migration_entry($pte(workload, $va)), $pte_pfn($pte(workload, $va))

hbreak migrate_batch_flush
continue
delete $bpnum
echo \n=== 3. migrate_batch_flush(): one TLB flush for the batch; stepping over it\n
finish

# Back in move_batch(): no page of the batch is copied yet. Find src's
# new frame in the batch.
set $i = 0
while b->src[$i] != $src
  set $i = $i + 1
end
set $dst = b->dst[$i]
set $new_pfn = $page_to_pfn($dst)
echo \n=== 4. move_batch(): before the batch's copies, the two frames\n
printf "dst = (struct page *) %#lx, new pfn %#lx\n", $dst, $new_pfn
mm-frame $old_pfn 32
mm-frame $new_pfn 32

hbreak remove_migration_ptes if src == $src
continue
delete $bpnum
echo \n=== 5. after copy_highpage(): the new frame holds the old one's bytes; the PTE is still a migration entry\n
mm-frame $old_pfn 32
mm-frame $new_pfn 32
mm-pte workload $va

echo \n=== 6. after remove_migration_ptes(): the PTE maps the new frame\n
finish
mm-pte workload $va

hbreak release_pages
continue
delete $bpnum
finish
echo \n=== 7. release_pages() returns: the new page is the anonymous one, the old frame is free\n
mm-page $dst
mm-page $old_pfn
printf "\npfn %#lx -> pfn %#lx at %#lx. Type `continue` to let compaction finish, then `verify` in the console.\n", $old_pfn, $new_pfn, $va
