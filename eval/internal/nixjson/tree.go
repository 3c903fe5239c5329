package nixjson

// Decode parses data with Parse and returns it as plain Go values: nil,
// bool, int64, float64, string, []any and map[string]any.
func Decode(data string) (any, error) {
	var b treeBuilder
	if err := Parse(data, &b); err != nil {
		return nil, err
	}
	return b.result, nil
}

type treeBuilder struct {
	result any
	stack  []frame
}

type frame struct {
	list  []any
	obj   map[string]any
	key   string
	isObj bool
}

func (b *treeBuilder) put(v any) error {
	if len(b.stack) == 0 {
		b.result = v
		return nil
	}
	f := &b.stack[len(b.stack)-1]
	if f.isObj {
		f.obj[f.key] = v
	} else {
		f.list = append(f.list, v)
	}
	return nil
}

func (b *treeBuilder) Null() error           { return b.put(nil) }
func (b *treeBuilder) Bool(v bool) error     { return b.put(v) }
func (b *treeBuilder) Int(v int64) error     { return b.put(v) }
func (b *treeBuilder) Float(v float64) error { return b.put(v) }
func (b *treeBuilder) String(v string) error { return b.put(v) }
func (b *treeBuilder) BeginArray() error {
	b.stack = append(b.stack, frame{list: []any{}})
	return nil
}
func (b *treeBuilder) EndArray() error {
	l := b.stack[len(b.stack)-1].list
	b.stack = b.stack[:len(b.stack)-1]
	return b.put(l)
}
func (b *treeBuilder) BeginObject() error {
	b.stack = append(b.stack, frame{obj: map[string]any{}, isObj: true})
	return nil
}
func (b *treeBuilder) Key(k string) error {
	b.stack[len(b.stack)-1].key = k
	return nil
}
func (b *treeBuilder) EndObject() error {
	o := b.stack[len(b.stack)-1].obj
	b.stack = b.stack[:len(b.stack)-1]
	return b.put(o)
}
