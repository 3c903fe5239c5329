# Functions on lists.
{ lib }:
let
  inherit (builtins) length elemAt head tail filter genList;
in
rec {
  inherit (builtins) head tail length elemAt elem filter map concatLists
    genList sort any all partition;

  foldl' = builtins.foldl';

  foldr = op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;

  foldl = op: nul: list:
    let go = n: if n == -1 then nul else op (go (n - 1)) (elemAt list n);
    in go (length list - 1);

  concatMap = f: list: builtins.concatLists (map f list);

  flatten = x: if builtins.isList x then concatMap flatten x else [ x ];

  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];

  toList = x: if builtins.isList x then x else [ x ];

  range = first: last:
    if first > last then [ ] else genList (n: first + n) (last - first + 1);

  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);

  unique = foldl' (acc: e: if builtins.elem e acc then acc else acc ++ [ e ]) [ ];

  last = list: elemAt list (length list - 1);
  init = list: take (length list - 1) list;

  sublist = start: count: list:
    let len = length list; in
    genList (n: elemAt list (n + start))
      (if start >= len then 0
      else if start + count > len then len - start
      else count);

  take = count: sublist 0 count;
  drop = count: list: sublist count (length list) list;

  reverseList = xs: let l = length xs; in genList (n: elemAt xs (l - n - 1)) l;

  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;

  findFirst = pred: default: list:
    let found = filter pred list; in
    if found == [ ] then default else head found;

  zipListsWith = f: fst: snd:
    genList (n: f (elemAt fst n) (elemAt snd n))
      (lib.trivial.min (length fst) (length snd));

  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  subtractLists = e: filter (x: !(builtins.elem x e));
  intersectLists = e: filter (x: builtins.elem x e);
  remove = e: filter (x: x != e);

  # groupBy' op nul pred list folds the elements with the same key.
  groupBy' = op: nul: pred: lst:
    builtins.mapAttrs (name: foldl' op nul) (builtins.groupBy pred lst);

  sortOn = f: list:
    map (p: p.v) (builtins.sort (a: b: a.k < b.k) (map (v: { inherit v; k = f v; }) list));

  # closeOver key next roots: every element reachable from roots through
  # next, once each (by key), through builtins.genericClosure.
  closeOver = key: next: roots:
    map (x: x.val) (builtins.genericClosure {
      startSet = map (v: { key = key v; val = v; }) roots;
      operator = item: map (v: { key = key v; val = v; }) (next item.val);
    });

  # toposort before list: { result = sorted; } or { cycle; loops; } as a
  # depth-first search that puts every element after those before it.
  toposort = before: list:
    let
      visit = state: x:
        if builtins.elem x state.done then state
        else if builtins.elem x state.path then state // { cycle = true; }
        else
          let
            deps = filter (y: y != x && before y x) list;
            inner = foldl' visit (state // { path = state.path ++ [ x ]; }) deps;
          in
          inner // { path = state.path; done = inner.done ++ [ x ]; };
      final = foldl' visit { done = [ ]; path = [ ]; cycle = false; } list;
    in
    if final.cycle then { cycle = true; } else { result = final.done; };
}
